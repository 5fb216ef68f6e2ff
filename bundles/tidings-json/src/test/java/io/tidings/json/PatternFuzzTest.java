package io.tidings.json;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.tidings.api.Envelope;
import io.tidings.api.InvalidEventException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated JSON as patterns and as event data. Patterns may only compile or fail with an
 * {@link InvalidPatternException}; matching may never fail at all, whatever the data. A deadline turns a hang into a
 * failure. The seed is printed with any failure, to replay it.
 */
class PatternFuzzTest {

    private static final int INPUTS = 25_000;
    private static final Duration DEADLINE = Duration.ofSeconds(90);

    private static final String[] KEYS = {"type", "source", "topic", "id", "time", "key", "version",
            "correlationId", "causationId", "metadata", "data", "env", "items", "productId", "total", "prefix",
            "suffix", "anything-but", "numeric", "exists", "wildcard", "", "a/b~c", "\u00e9", "x"};
    private static final String[] TOKENS = {"{", "}", "[", "]", "\"", ",", ":", "\\", "*", "-", "0", "1e999", "null",
            "true", "\"prefix\":", "\"numeric\":[\">\",", "\"=\"", "\u0000", "\ud800", " ", "\n", "/", "~", ".5", "}]"};

    private final long seed = new Random().nextLong();
    private final Random random = new Random(seed);
    private final RandomEvents events = new RandomEvents(random);

    @Test
    void patternsCompileOrFailCleanly() {
        List<Envelope> probes = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            probes.add(events.event());
        }
        int[] outcome = new int[2];
        assertTimeoutPreemptively(DEADLINE, () -> {
            for (int i = 0; i < INPUTS; i++) {
                String input = input(i);
                EventPattern pattern;
                try {
                    pattern = EventPattern.compile(input);
                } catch (InvalidPatternException expected) {
                    assertTrue(expected.getMessage().startsWith(
                            expected.pointer().isEmpty() ? "/: " : expected.pointer() + ": "), expected.getMessage());
                    outcome[1]++;
                    continue;
                } catch (Throwable t) {
                    throw new AssertionError("seed " + seed + ": pattern " + input + " threw " + t, t);
                }
                outcome[0]++;
                for (Envelope probe : probes) {
                    try {
                        pattern.matches(EventView.of(probe));
                    } catch (Throwable t) {
                        throw new AssertionError("seed " + seed + ": pattern " + input + " threw " + t, t);
                    }
                }
            }
        }, () -> "seed " + seed);
        System.out.println("PatternFuzzTest: " + INPUTS + " patterns, " + outcome[0] + " compiled, " + outcome[1]
                + " rejected");
        assertTrue(outcome[0] > INPUTS / 50 && outcome[1] > INPUTS / 50,
                "compiled " + outcome[0] + ", rejected " + outcome[1] + ": the fuzzer should reach both");
    }

    @Test
    void anyDataMatchesWithoutError() {
        PatternSet<Integer> set = new PatternSet<>();
        Map<Integer, EventPattern> rules = new LinkedHashMap<>();
        for (int i = 0; i < 300; i++) {
            rules.put(i, EventPattern.compile(events.pattern()));
        }
        rules.put(-1, EventPattern.compile("{\"data\":{\"a\":{\"b\":{\"c\":[{\"exists\":false}]}}}}"));
        rules.put(-2, EventPattern.compile("{\"data\":{\"x\":[{\"wildcard\":\"*a*b*c*\"},{\"anything-but\":1}]}}"));
        rules.put(-3, EventPattern.compile("{\"data\":{\"\":[{\"numeric\":[\">\",0]},{\"suffix\":\"\"}]}}"));
        set.addAll(rules);
        assertTimeoutPreemptively(DEADLINE, () -> {
            for (int i = 0; i < INPUTS; i++) {
                String data = i % 2 == 0 ? json(0) : mutate(events.event().data());
                Envelope event;
                try {
                    event = Envelope.builder("Type" + (i % 4), "orders/placed").source("shop-1/eu").data(data)
                            .build();
                } catch (InvalidEventException blank) {
                    continue; // the envelope refuses blank data before any pattern sees it
                }
                try {
                    set.match(EventView.of(event));
                    set.match(EventView.of(event.topic(), event.toEventProperties()));
                } catch (Throwable t) {
                    throw new AssertionError("seed " + seed + ": data " + data + " threw " + t, t);
                }
            }
        }, () -> "seed " + seed);
    }

    @Test
    void hostileDataIsBounded() {
        EventPattern deep = EventPattern.compile("{\"data\":{\"a\":[{\"exists\":true}]}}");
        String[] hostile = {"[".repeat(200_000), "{\"a\":".repeat(50_000) + "1" + "}".repeat(50_000),
                "[".repeat(200) + "{\"a\":1}" + "]".repeat(200), "{\"a\":1e9999999}", "{\"a\":" + "9".repeat(5000) + "}",
                "{\"a\":\"" + "x".repeat(1_000_000) + "\"}", "\"\\ud800\"", "{\"a\":1}{\"a\":2}"};
        assertTimeoutPreemptively(DEADLINE, () -> {
            for (String data : hostile) {
                EventView view = EventView.of(Envelope.builder("T", "t").source("s").data(data).build());
                try {
                    deep.matches(view);
                } catch (Throwable t) {
                    fail("data starting " + data.substring(0, 20) + " threw " + t);
                }
            }
        });
    }

    /** @return random JSON, a mutated valid pattern, mutated random JSON, or random JSON at a pattern's leaf */
    private String input(int i) {
        switch (i % 4) {
            case 0:
                return json(0);
            case 1:
                return mutate(events.pattern());
            case 2:
                return mutate(json(0));
            default:
                String leaf = random.nextBoolean() ? "[" + json(2) + "]" : json(1);
                return random.nextBoolean() ? "{\"data\":{\"x\":" + leaf + "}}" : "{\"type\":" + leaf + "}";
        }
    }

    /** @return random JSON text, valid or nearly so, biased towards what patterns are made of */
    private String json(int depth) {
        int r = random.nextInt(depth > 6 ? 4 : 10);
        switch (r) {
            case 0:
                return "\"" + KEYS[random.nextInt(KEYS.length)] + (random.nextBoolean() ? "*" : "") + "\"";
            case 1:
                return random.nextBoolean() ? Integer.toString(random.nextInt(200) - 100)
                        : Double.toString(random.nextGaussian() * 1e3);
            case 2:
                return new String[] {"true", "false", "null"}[random.nextInt(3)];
            case 3:
                return "\"" + new String[] {">", ">=", "<", "<=", "=", "!"}[random.nextInt(6)] + "\"";
            case 4:
            case 5:
            case 6: {
                StringBuilder b = new StringBuilder("{");
                for (int i = random.nextInt(4); i > 0; i--) {
                    b.append('"').append(KEYS[random.nextInt(KEYS.length)]).append("\":").append(json(depth + 1));
                    b.append(i > 1 ? "," : "");
                }
                return b.append('}').toString();
            }
            default: {
                StringBuilder b = new StringBuilder("[");
                for (int i = random.nextInt(5); i > 0; i--) {
                    b.append(json(depth + 1)).append(i > 1 ? "," : "");
                }
                return b.append(']').toString();
            }
        }
    }

    /** @return the text with one to four random edits: deletions, insertions, replacements, repeats, cuts */
    private String mutate(String text) {
        StringBuilder b = new StringBuilder(text);
        for (int edits = 1 + random.nextInt(4); edits > 0; edits--) {
            int at = b.length() == 0 ? 0 : random.nextInt(b.length());
            switch (random.nextInt(6)) {
                case 0:
                    b.delete(at, Math.min(b.length(), at + 1 + random.nextInt(4)));
                    break;
                case 1:
                    b.insert(at, TOKENS[random.nextInt(TOKENS.length)]);
                    break;
                case 2:
                    if (b.length() > 0) {
                        b.setCharAt(at, (char) random.nextInt(128));
                    }
                    break;
                case 3:
                    b.insert(at, b.substring(at, Math.min(b.length(), at + random.nextInt(30))));
                    break;
                case 4:
                    b.setLength(at);
                    break;
                default:
                    b.insert(at, (random.nextBoolean() ? "[" : "{\"a\":").repeat(random.nextInt(60)));
                    break;
            }
        }
        return b.toString();
    }
}
