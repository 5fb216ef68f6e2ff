package io.tidings.json.internal.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tidings.api.SchemaStatus;
import io.tidings.json.JsonLimits;

class SchemaBookTest {

    private static final String ORDER_1_0 = """
            {"type":"object","required":["orderId","amount"],
             "properties":{"orderId":{"type":"string","pattern":"^ord_"},"amount":{"type":"number","minimum":0}}}""";
    private static final String ORDER_1_1 = """
            {"type":"object","required":["orderId","amount"],
             "properties":{"orderId":{"type":"string","pattern":"^ord_"},"amount":{"type":"number","minimum":0},
                           "coupon":{"type":"string"}}}""";

    private final SchemaBook book = new SchemaBook(JsonLimits.DEFAULT);

    @Test
    void validDataPassesAndInvalidDataIsRefusedWithWhereAndWhat() {
        assertNull(book.put("pid-1", "order.placed", "1.0", ORDER_1_0));
        assertEquals(List.of(), book.validate("order.placed", "1.0", "{\"orderId\":\"ord_1\",\"amount\":12.5}"));
        List<String> errors = book.validate("order.placed", "1.0", "{\"orderId\":\"x\",\"amount\":-1}");
        assertEquals(2, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("schema order.placed 1.0: "), errors.toString());
        assertTrue(String.join(" ", errors).contains("orderId"), errors.toString());
        assertTrue(String.join(" ", errors).contains("amount"), errors.toString());
        List<String> missing = book.validate("order.placed", "1.0", "{\"orderId\":\"ord_1\"}");
        assertTrue(missing.get(0).contains("amount"), missing.toString());
        SchemaStatus status = book.status().get(0);
        assertEquals(1, status.validated());
        assertEquals(2, status.rejected());
    }

    @Test
    void typesWithoutSchemaAndEventsWithoutTypeAreNotValidated() {
        book.put("pid-1", "order.placed", "1.0", ORDER_1_0);
        assertEquals(List.of(), book.validate("order.shipped", "1.0", "not even json"));
        assertEquals(List.of(), book.validate(null, null, "not even json"));
    }

    @Test
    void dataThatIsNotJsonOrMissingIsRefused() {
        book.put("pid-1", "order.placed", "1.0", ORDER_1_0);
        assertTrue(book.validate("order.placed", "1.0", "{\"orderId\":").get(0).contains("data is not valid JSON"));
        assertTrue(book.validate("order.placed", "1.0", "{} {}").get(0).contains("data is not valid JSON"));
        assertTrue(!book.validate("order.placed", "1.0", null).isEmpty(), "no data is not an object");
        String deep = "[".repeat(100) + "]".repeat(100);
        assertTrue(book.validate("order.placed", "1.0", deep).get(0).contains("data is not valid JSON"));
    }

    @Test
    void aNewOptionalFieldWithinAMajorVersionIsCompatible() {
        book.put("pid-1", "order.placed", "1.0", ORDER_1_0);
        assertNull(book.put("pid-2", "order.placed", "1.1", ORDER_1_1));
        assertEquals(List.of(), book.validate("order.placed", "1.1", "{\"orderId\":\"ord_1\",\"amount\":1,"
                + "\"coupon\":\"X\"}"));
        assertTrue(!book.validate("order.placed", "1.1.7", "{\"orderId\":\"ord_1\",\"amount\":1,\"coupon\":5}")
                .isEmpty(), "patch versions use the minor's schema");
    }

    @Test
    void aNewRequiredFieldOrAChangedFieldNeedsANewMajorVersion() {
        book.put("pid-1", "order.placed", "1.0", ORDER_1_0);
        String required = ORDER_1_1.replace("\"required\":[\"orderId\",\"amount\"]",
                "\"required\":[\"orderId\",\"amount\",\"coupon\"]");
        String problem = book.put("pid-2", "order.placed", "1.1", required);
        assertTrue(problem.contains("requires 'coupon'") && problem.contains("new major version"), problem);
        String changed = ORDER_1_0.replace("\"minimum\":0", "\"minimum\":1");
        assertTrue(book.put("pid-3", "order.placed", "1.2", changed).contains("changes the field 'amount'"));
        String closed = ORDER_1_0.replace("{\"type\":\"object\",", "{\"type\":\"object\",\"additionalProperties\""
                + ":false,");
        assertTrue(book.put("pid-4", "order.placed", "1.3", closed).contains("additionalProperties"));
        assertNull(book.put("pid-5", "order.placed", "2.0", required), "a new major version may require more");
        // the refused 1.1 does not validate: 1.1 events fall back to 1.0
        assertEquals(List.of(), book.validate("order.placed", "1.1", "{\"orderId\":\"ord_1\",\"amount\":1}"));
        assertTrue(!book.validate("order.placed", "2.0", "{\"orderId\":\"ord_1\",\"amount\":1}").isEmpty());
    }

    @Test
    void versionsArePickedExactThenLaterThenEarlierWithinTheMajor() {
        book.put("pid-2", "order.placed", "1.2", ORDER_1_1);
        book.put("pid-4", "order.placed", "1.4", ORDER_1_1.replace("\"coupon\":{\"type\":\"string\"}",
                "\"coupon\":{\"type\":\"string\"},\"note\":{\"type\":\"string\"}"));
        String withNote = "{\"orderId\":\"ord_1\",\"amount\":1,\"note\":7}";
        assertEquals(List.of(), book.validate("order.placed", "1.0", withNote), "1.0 uses 1.2 (no note)");
        assertTrue(book.validate("order.placed", "1.3", withNote).get(0).startsWith("schema order.placed 1.4"));
        assertTrue(book.validate("order.placed", "1.9", withNote).get(0).startsWith("schema order.placed 1.4"));
        List<String> major = book.validate("order.placed", "2.0", withNote);
        assertTrue(major.get(0).contains("no schema for major version 2") && major.get(0).contains("1.2, 1.4"),
                major.toString());
        assertTrue(book.validate("order.placed", "v1", "{}").get(0).contains("version 'v1'"));
    }

    @Test
    void unusableSchemasAreKeptWithTheirProblemAndValidateNothing() {
        assertTrue(book.put("a", "t", "1.0", "{\"type\":").contains("not valid JSON"));
        assertTrue(book.put("b", "t", "1.0", "{\"type\":\"no-such-type\"}") != null);
        assertTrue(book.put("c", "t", "one", "{}").contains("version 'one'"));
        assertTrue(book.put("d", "t", "1.0", "[1]").contains("not a JSON object"));
        assertEquals(List.of(), book.validate("t", "1.0", "{}"));
        assertEquals(4, book.status().size());
        assertTrue(book.status().stream().allMatch(s -> s.problem() != null), book.status().toString());
    }

    @Test
    void theFirstOriginOfATypeAndVersionWinsAndRemovingItHandsOver() {
        book.put("first", "t", "1.0", "{\"type\":\"string\"}");
        assertTrue(book.put("second", "t", "1.0", "{\"type\":\"number\"}").contains("already registered by first"));
        assertEquals(List.of(), book.validate("t", "1.0", "\"text\""));
        book.remove("first");
        assertTrue(!book.validate("t", "1.0", "\"text\"").isEmpty(), "second is in force now");
        assertEquals(List.of(), book.validate("t", "1.0", "5"));
    }

    @Test
    void remoteReferencesAreNeverFetched() {
        String remote = "{\"$ref\":\"http://127.0.0.1:9/schema.json\"}";
        String problem = book.put("r", "t", "1.0", remote);
        List<String> errors = problem == null ? book.validate("t", "1.0", "{}") : List.of(problem);
        assertTrue(!errors.isEmpty(), "an unresolvable remote $ref cannot validate");
    }

    @Test
    void randomAndMutatedDataOnlyEverYieldsCleanErrors() {
        book.put("pid-1", "order.placed", "1.0", ORDER_1_0);
        Random random = new Random(42);
        String valid = "{\"orderId\":\"ord_1\",\"amount\":12.5,\"items\":[{\"sku\":\"a\",\"qty\":2}]}";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder s = new StringBuilder(valid);
            int mutations = 1 + random.nextInt(4);
            for (int m = 0; m < mutations && s.length() > 0; m++) {
                int at = random.nextInt(s.length());
                switch (random.nextInt(3)) {
                    case 0 -> s.deleteCharAt(at);
                    case 1 -> s.insert(at, "{}[]\",:0e-.\\ntfu\u00e9".charAt(random.nextInt(17)));
                    default -> s.setCharAt(at, (char) (32 + random.nextInt(95)));
                }
            }
            List<String> errors = book.validate("order.placed", "1.0", s.toString());
            for (String e : errors) {
                assertTrue(e != null && !e.isBlank(), "blank error for " + s);
            }
        }
    }

    @Test
    void schemaFilesAreRegisteredChangedAndRemoved(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("order.placed@1.0.json"), ORDER_1_0, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("misnamed.json"), "{}", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("notes.txt"), "ignored", StandardCharsets.UTF_8);
        SchemaDirectory directory = new SchemaDirectory(dir, book, Duration.ofHours(1));
        directory.scan();
        assertEquals(2, book.status().size(), book.status().toString());
        SchemaStatus misnamed = book.status().stream().filter(s -> s.origin().equals("file:misnamed.json"))
                .findFirst().orElseThrow();
        assertTrue(misnamed.problem().contains("<type>@<major.minor>.json"), misnamed.toString());
        assertTrue(!book.validate("order.placed", "1.0", "{}").isEmpty());

        Files.writeString(dir.resolve("order.placed@1.0.json"), "{\"type\":\"object\"}", StandardCharsets.UTF_8);
        Files.setLastModifiedTime(dir.resolve("order.placed@1.0.json"),
                java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 10_000));
        directory.scan();
        assertEquals(List.of(), book.validate("order.placed", "1.0", "{}"), "the changed file is in force");

        Files.delete(dir.resolve("order.placed@1.0.json"));
        directory.scan();
        assertEquals(List.of(), book.validate("order.placed", "1.0", "[]"));
        assertEquals(1, book.status().size());
    }
}
