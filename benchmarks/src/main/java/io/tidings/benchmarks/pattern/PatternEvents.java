package io.tidings.benchmarks.pattern;

import io.tidings.api.Envelope;
import java.util.Random;

/** The events of the pattern benchmark: OrderPlaced envelopes with about 1 KB of JSON data. Stateless. */
final class PatternEvents {

    private PatternEvents() {
    }

    /**
     * @param count how many
     * @param seed the random seed, fixed so that every run sees the same events
     * @return envelopes whose customers and order ids span {@link PatternRules#KEYS}
     */
    static Envelope[] of(int count, long seed) {
        Random random = new Random(seed);
        Envelope[] events = new Envelope[count];
        for (int i = 0; i < count; i++) {
            events[i] = Envelope.builder("OrderPlaced", "orders/placed").source("shop").key("k" + i)
                    .metadata("env", "prod").data(data(random)).build();
        }
        return events;
    }

    private static String data(Random random) {
        StringBuilder json = new StringBuilder(1100);
        json.append("{\"orderId\":\"ord-").append(random.nextInt(PatternRules.KEYS)).append('-')
                .append(Long.toHexString(random.nextLong())).append("\",\"customerId\":\"customer-")
                .append(random.nextInt(PatternRules.KEYS)).append("\",\"currency\":\"EUR\",\"total\":")
                .append(random.nextInt(60_000) / 100.0).append(",\"items\":[");
        for (int i = 0; i < 4; i++) {
            json.append(i == 0 ? "" : ",").append("{\"productId\":\"prod-").append(random.nextInt(500))
                    .append("\",\"quantity\":").append(1 + random.nextInt(4)).append(",\"price\":")
                    .append(random.nextInt(10_000) / 100.0).append('}');
        }
        json.append("],\"shippingAddress\":{\"street\":\"12 Harbour Road\",\"city\":\"Rotterdam\",")
                .append("\"postalCode\":\"3011\",\"country\":\"NL\"},\"note\":\"");
        while (json.length() < 1022) {
            json.append((char) ('a' + json.length() % 26));
        }
        return json.append("\"}").toString();
    }
}
