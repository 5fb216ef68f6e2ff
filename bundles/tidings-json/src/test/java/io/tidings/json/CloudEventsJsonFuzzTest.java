package io.tidings.json;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.tidings.api.Envelope;
import io.tidings.api.InvalidEventException;

/**
 * Feeds random bytes, mutated CloudEvents and random JSON trees to the reader. Every input must give an envelope or
 * an {@link InvalidEventException}, never another exception, quickly; an envelope read must write and read back
 * equal. The seed is fixed so a failure repeats; {@code -Dtidings.fuzz.seed=...} tries others.
 */
class CloudEventsJsonFuzzTest {

    private static final int PER_KIND = 10_000;
    private static final Duration PER_INPUT = Duration.ofSeconds(2);
    private static final String[] NAMES = { "specversion", "id", "source", "type", "subject", "time",
            "datacontenttype", "dataschema", "data", "data_base64", "dataversion", "partitionkey", "correlationid",
            "causationid", "tidingsmeta", "traceparent", "ext1", "Ext", "a_b", "", "9x" };
    private static final String[] STRINGS = { "1.0", "0.3", "", " ", "a/b", "orders/placed", "a//b", "/x",
            "2026-11-26T10:00:00Z", "2026-11-26T10:00:00.5+01:00", "yesterday", "application/json", "text/plain",
            "application/x+json", "1.2.3", "v1", "https://x.example/s", "rel", "{\"a.b\":\"c\"}", "{}", "[]",
            "\\ud800", "\\ud83d\\ude00", "\u00e9", "\\n", "\\u0000", "x y" };

    private final CloudEventsJson codec = CloudEventsJson.create(JsonLimits.DEFAULT.withMaxBytes(64 * 1024));
    private final Random random = new Random(Long.getLong("tidings.fuzz.seed", 20261126L));
    private final byte[][] seeds = {
        codec.write(CloudEventsJsonTest.full()), codec.write(CloudEventsJsonTest.minimal()),
        codec.writeBatch(List.of(CloudEventsJsonTest.full(), CloudEventsJsonTest.minimal())),
        ("{\"specversion\":\"1.0\",\"type\":\"t\",\"source\":\"urn:x\",\"id\":\"1\",\"subject\":\"a\",\"n\":1.5e3,"
                + "\"b\":false,\"time\":\"2018-04-05T17:31:00Z\",\"data\":[{\"k\":\"v\"},-0.0,null]}").getBytes(UTF_8) };

    private volatile byte[] current = new byte[0];
    private long accepted;
    private long refused;
    private long slowestNanos;

    @Test
    void everyInputGivesAnEnvelopeOrOneCleanError() {
        long start = System.nanoTime();
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            for (int i = 0; i < PER_KIND; i++) {
                check(randomBytes());
                check(mutated());
                check(randomTree().getBytes(UTF_8));
            }
        }, () -> "hung on input (base64) " + Base64.getEncoder().encodeToString(current));
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("fuzz: %d inputs (read and readBatch each) in %d ms: %d envelopes, %d refused,"
                + " slowest input %d us%n", 3 * PER_KIND, millis, accepted, refused, slowestNanos / 1000);
        assertTrue(accepted > 500, "the generators must reach valid events too: " + accepted);
        assertTrue(refused > 10_000, "and refused ones: " + refused);
    }

    private void check(byte[] input) {
        current = input;
        long begin = System.nanoTime();
        outcome(input, false);
        outcome(input, true);
        long took = System.nanoTime() - begin;
        slowestNanos = Math.max(slowestNanos, took);
        if (took > PER_INPUT.toNanos()) {
            fail("took " + took / 1_000_000 + " ms on input (base64) " + Base64.getEncoder().encodeToString(input));
        }
    }

    private void outcome(byte[] input, boolean batch) {
        try {
            List<Envelope> envelopes = batch ? codec.readBatch(input) : List.of(codec.read(input));
            accepted += envelopes.size();
            for (Envelope e : envelopes) {
                assertEquals(e, codec.read(codec.write(e)), () -> "read back differs: " + describe(input));
            }
        } catch (InvalidEventException e) {
            refused++;
            String message = e.getMessage();
            if (e.field() == null || !message.startsWith(e.field() + ": ") || message.length() <= e.field().length() + 2
                    || message.chars().anyMatch(Character::isISOControl) || message.length() > 2000) {
                fail("unclear error '" + message + "' for " + describe(input));
            }
        } catch (RuntimeException | Error e) {
            throw new AssertionError(e + " for " + describe(input), e);
        }
    }

    private static String describe(byte[] input) {
        return "input (base64) " + Base64.getEncoder().encodeToString(input) + " = "
                + new String(input, UTF_8).replace("\n", "\\n");
    }

    private byte[] randomBytes() {
        byte[] b = new byte[random.nextInt(200)];
        if (random.nextBoolean()) {
            random.nextBytes(b);
        } else {
            String alphabet = "{}[]\":,\\ 0123456789-+.eEtrufalsn\"abc\u00e9";
            for (int i = 0; i < b.length; i++) {
                b[i] = (byte) alphabet.charAt(random.nextInt(alphabet.length()));
            }
        }
        return b;
    }

    private byte[] mutated() {
        byte[] b = seeds[random.nextInt(seeds.length)].clone();
        for (int n = random.nextInt(4); n >= 0; n--) {
            b = mutate(b);
        }
        return b;
    }

    private byte[] mutate(byte[] b) {
        int at = b.length == 0 ? 0 : random.nextInt(b.length);
        switch (random.nextInt(7)) {
            case 0: // flip one byte
                if (b.length > 0) {
                    b[at] = (byte) random.nextInt(256);
                }
                return b;
            case 1: // truncate
                return Arrays.copyOf(b, at);
            case 2: // cut a piece out
                int end = Math.min(b.length, at + random.nextInt(20));
                return concat(Arrays.copyOf(b, at), Arrays.copyOfRange(b, end, b.length));
            case 3: // insert a structural character
                String chars = "[]{}\",:\\0-e.";
                return insert(b, at, String.valueOf(chars.charAt(random.nextInt(chars.length()))).getBytes(UTF_8));
            case 4: // deep nesting
                int depth = 1 + random.nextInt(200);
                return insert(b, at, ("[".repeat(depth) + (random.nextBoolean() ? "]".repeat(depth) : ""))
                        .getBytes(UTF_8));
            case 5: // repeat a piece
                int len = Math.min(b.length - at, random.nextInt(40));
                return insert(b, at, Arrays.copyOfRange(b, at, at + len));
            default: // a bad UTF-8 sequence or an escape
                String[] bits = { "\u00e9", "\\ud800", "\\u00", "\\x", "\t", "\n" };
                byte[] piece = random.nextInt(3) == 0 ? new byte[] { (byte) 0xC3 }
                        : bits[random.nextInt(bits.length)].getBytes(UTF_8);
                return insert(b, at, piece);
        }
    }

    private static byte[] insert(byte[] b, int at, byte[] piece) {
        return concat(concat(Arrays.copyOf(b, at), piece), Arrays.copyOfRange(b, at, b.length));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /** A JSON tree: half the time an event whose attributes are random, else any value, sometimes in an array. */
    private String randomTree() {
        StringBuilder s = new StringBuilder();
        boolean batch = random.nextInt(4) == 0;
        if (batch) {
            s.append('[');
        }
        int events = batch ? random.nextInt(3) : 1;
        for (int e = 0; e < events; e++) {
            if (e > 0) {
                s.append(',');
            }
            if (random.nextBoolean()) {
                event(s);
            } else {
                value(s, 0);
            }
        }
        if (batch) {
            s.append(']');
        }
        return s.toString();
    }

    private void event(StringBuilder s) {
        s.append("{\"specversion\":\"1.0\",\"id\":\"e").append(random.nextInt(1000))
                .append("\",\"source\":\"s\",\"type\":\"t\",\"subject\":\"a/b\"");
        for (int n = random.nextInt(4); n > 0; n--) {
            String name = NAMES[random.nextInt(NAMES.length)];
            if (s.indexOf("\"" + name + "\":") >= 0) {
                continue; // a duplicate would only test duplicate detection, again
            }
            s.append(",\"").append(name).append("\":");
            if (random.nextBoolean()) {
                s.append('"').append(STRINGS[random.nextInt(STRINGS.length)]).append('"');
            } else {
                value(s, 1);
            }
        }
        s.append('}');
    }

    private void value(StringBuilder s, int depth) {
        int kind = depth > 70 ? 2 + random.nextInt(5) : random.nextInt(depth < 3 ? 4 : 8);
        switch (kind) {
            case 0:
            case 7:
                s.append('{');
                for (int n = random.nextInt(4); n > 0; n--) {
                    s.append('"').append(NAMES[random.nextInt(NAMES.length)]).append(n).append("\":");
                    value(s, depth + 1);
                    s.append(n > 1 ? "," : "");
                }
                s.append('}');
                return;
            case 1:
                s.append('[');
                for (int n = random.nextInt(4); n > 0; n--) {
                    value(s, depth + 1);
                    s.append(n > 1 ? "," : "");
                }
                s.append(']');
                return;
            case 2:
                s.append('"').append(STRINGS[random.nextInt(STRINGS.length)]).append('"');
                return;
            case 3:
                String[] numbers = { "0", "-1", "42", "1.5", "-0.0", "1e400", "123456789012345678901234567890",
                        "2.5E-3" };
                s.append(numbers[random.nextInt(numbers.length)]);
                return;
            case 4:
                s.append(random.nextBoolean());
                return;
            case 5:
                s.append("null");
                return;
            default:
                s.append('[');
                value(s, depth + 1);
                s.append(']');
        }
    }
}
