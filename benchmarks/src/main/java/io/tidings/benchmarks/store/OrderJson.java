package io.tidings.benchmarks.store;

/** The data of the bus run's envelopes: an order as JSON text, padded by a note to an exact length. Stateless. */
final class OrderJson {

    private OrderJson() {
    }

    /** @return a JSON object of exactly {@code length} ASCII characters (at least 400) */
    static String ofLength(int length) {
        StringBuilder json = new StringBuilder(length);
        json.append("{\"orderId\":\"4f1c2d7e-8a3b-4c55-9e21-6b0d3f8a1c92\",\"customerId\":\"customer-1042\",")
                .append("\"currency\":\"EUR\",\"total\":249.7,\"items\":[");
        for (int i = 0; i < 3; i++) {
            json.append(i == 0 ? "" : ",").append("{\"sku\":\"SKU-").append(1000 + i)
                    .append("\",\"quantity\":").append(i + 1).append(",\"price\":").append(19.9 + i * 10).append('}');
        }
        json.append("],\"shippingAddress\":{\"street\":\"12 Harbour Road\",\"city\":\"Rotterdam\",")
                .append("\"postalCode\":\"3011\",\"country\":\"NL\"},\"note\":\"");
        int pad = length - json.length() - 2; // the closing quote and brace
        if (pad < 0) {
            throw new IllegalArgumentException("an order takes more than " + length + " characters");
        }
        for (int i = 0; i < pad; i++) {
            json.append((char) ('a' + i % 26));
        }
        return json.append("\"}").toString();
    }
}
