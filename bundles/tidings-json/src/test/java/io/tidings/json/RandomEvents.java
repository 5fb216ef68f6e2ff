package io.tidings.json;

import io.tidings.api.Envelope;
import java.time.Instant;
import java.util.Random;

/** Random patterns and events over one small vocabulary, so that they often match each other. */
final class RandomEvents {

    private final Random random;

    RandomEvents(Random random) {
        this.random = random;
    }

    private String pick(String... options) {
        return options[random.nextInt(options.length)];
    }

    private String q(String s) {
        return "\"" + s + "\"";
    }

    /** @return a valid pattern of 1 to 3 fields */
    String pattern() {
        StringBuilder data = new StringBuilder();
        StringBuilder top = new StringBuilder();
        int fields = 1 + random.nextInt(3);
        java.util.Set<Integer> used = new java.util.HashSet<>();
        for (int i = 0; i < fields; i++) {
            int f = random.nextInt(8);
            if (!used.add(f)) {
                continue;
            }
            switch (f) {
                case 0:
                    append(top, q("type") + ":" + leaf("Type" + random.nextInt(4)));
                    break;
                case 1:
                    append(top, q("source") + ":" + leaf("shop-" + random.nextInt(3) + "/eu"));
                    break;
                case 2:
                    append(top, q("metadata") + ":{" + q("env") + ":" + leaf(pick("prod", "test")) + "}");
                    break;
                case 3:
                    append(data, q("customerId") + ":" + leaf("cust_" + random.nextInt(30)));
                    break;
                case 4:
                    append(data, q("total") + ":" + numericLeaf());
                    break;
                case 5:
                    append(data, q("items") + ":{" + q("productId") + ":" + leaf("p" + random.nextInt(12)) + "}");
                    break;
                case 6:
                    append(data, q("region") + ":" + leaf(pick("eu-west", "eu-north", "us-east")));
                    break;
                default:
                    append(data, q("tags") + ":" + leaf(pick("new", "vip", "gift")));
                    break;
            }
        }
        if (data.length() > 0) {
            append(top, q("data") + ":{" + data + "}");
        }
        return "{" + top + "}";
    }

    private static void append(StringBuilder b, String field) {
        if (b.length() > 0) {
            b.append(',');
        }
        b.append(field);
    }

    /** @return a leaf around a typical value: mostly literals and prefixes, sometimes other operators */
    private String leaf(String value) {
        int alternatives = 1 + (random.nextInt(4) == 0 ? 1 : 0);
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < alternatives; i++) {
            if (i > 0) {
                b.append(',');
            }
            int r = random.nextInt(20);
            if (r < 9) {
                b.append(q(value));
            } else if (r < 14) {
                b.append("{\"prefix\":").append(q(value.substring(0, 1 + random.nextInt(value.length())))).append('}');
            } else if (r == 14) {
                b.append("{\"suffix\":").append(q(value.substring(random.nextInt(value.length())))).append('}');
            } else if (r == 15) {
                b.append("{\"anything-but\":").append(q(value)).append('}');
            } else if (r == 16) {
                b.append("{\"exists\":").append(random.nextBoolean()).append('}');
            } else if (r == 17) {
                b.append("{\"wildcard\":").append(q(value.charAt(0) + "*")).append('}');
            } else if (r == 18) {
                b.append("{\"anything-but\":{\"prefix\":").append(q(value.substring(0, 1))).append("}}");
            } else {
                b.append(random.nextInt(5));
            }
        }
        return b.append(']').toString();
    }

    private String numericLeaf() {
        int low = random.nextInt(100);
        int r = random.nextInt(4);
        if (r == 0) {
            return "[{\"numeric\":[\"=\"," + low + "]}]";
        }
        if (r == 1) {
            return "[{\"numeric\":[\">=\"," + low + "]}," + (low + 7) + "]";
        }
        if (r == 2) {
            return "[{\"numeric\":[\">\"," + low + ",\"<=\"," + (low + 1 + random.nextInt(50)) + "]}]";
        }
        return "[{\"numeric\":[\"" + pick(">", ">=", "<", "<=") + "\"," + low + "]}]";
    }

    /** @return an event over the same vocabulary, fields sometimes missing, data sometimes malformed */
    Envelope event() {
        Envelope.Builder b = Envelope.builder("Type" + random.nextInt(4), "orders/placed")
                .source("shop-" + random.nextInt(3) + "/eu").time(Instant.parse("2026-11-26T10:00:00Z"));
        if (random.nextBoolean()) {
            b.metadata("env", pick("prod", "test"));
        }
        StringBuilder data = new StringBuilder("{");
        append(data, "\"customerId\":" + q("cust_" + random.nextInt(30)));
        if (random.nextInt(4) > 0) {
            append(data, "\"total\":" + (random.nextBoolean() ? random.nextInt(120) : random.nextInt(12000) / 100.0));
        }
        if (random.nextInt(3) > 0) {
            StringBuilder items = new StringBuilder();
            for (int i = random.nextInt(4); i > 0; i--) {
                append(items, "{\"productId\":" + q("p" + random.nextInt(12)) + "}");
            }
            append(data, "\"items\":[" + items + "]");
        }
        if (random.nextBoolean()) {
            append(data, "\"region\":" + (random.nextInt(5) == 0 ? "null" : q(pick("eu-west", "eu-north", "us-east"))));
        }
        if (random.nextBoolean()) {
            append(data, "\"tags\":[" + q(pick("new", "vip", "gift")) + "," + q(pick("new", "vip")) + "]");
        }
        data.append('}');
        String json = random.nextInt(25) == 0 ? data.substring(0, data.length() - 1) : data.toString();
        return b.data(json).build();
    }
}
