package io.tidings.bridge.jms.internal;

import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Session;

/**
 * A configured JMS destination, {@code queue:<name>} or {@code topic:<name>}, resolved against a session by its
 * provider-specific name ({@link Session#createQueue}, {@link Session#createTopic}).
 *
 * <p>Immutable and thread-safe.
 *
 * @param topic whether it is a topic (publish/subscribe) rather than a queue
 * @param name the provider-specific name
 */
record JmsDestination(boolean topic, String name) {

    /**
     * @param property the configuration property, named in the error
     * @param text {@code queue:<name>} or {@code topic:<name>}
     * @return the destination
     * @throws IllegalArgumentException naming the property if the text is neither
     */
    static JmsDestination parse(String property, String text) {
        String t = text.trim();
        int colon = t.indexOf(':');
        String kind = colon < 0 ? "" : t.substring(0, colon);
        String name = colon < 0 ? "" : t.substring(colon + 1).trim();
        if (!(kind.equals("queue") || kind.equals("topic")) || name.isEmpty()) {
            throw new IllegalArgumentException(property + ": '" + text
                    + "' is not a destination; write queue:<name> or topic:<name>");
        }
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i)) || Character.isWhitespace(name.charAt(i))) {
                throw new IllegalArgumentException(property + ": '" + text
                        + "' holds a space or control character in its name");
            }
        }
        return new JmsDestination(kind.equals("topic"), name);
    }

    Destination resolve(Session session) throws JMSException {
        return topic ? session.createTopic(name) : session.createQueue(name);
    }

    @Override
    public String toString() {
        return (topic ? "topic:" : "queue:") + name;
    }
}
