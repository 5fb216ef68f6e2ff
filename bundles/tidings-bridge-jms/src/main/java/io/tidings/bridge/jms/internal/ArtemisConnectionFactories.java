package io.tidings.bridge.jms.internal;

import jakarta.jms.ConnectionFactory;

/**
 * Creates ActiveMQ Artemis connection factories from a broker URL. The only class of the bridge that names the
 * Artemis client: its package is imported optionally, so the bundle runs without Artemis when every bridge uses a
 * {@code connectionFactory.target} service instead.
 *
 * <p>Stateless and thread-safe.
 */
final class ArtemisConnectionFactories {

    private ArtemisConnectionFactories() {
    }

    /**
     * @param brokerUrl an Artemis URL such as {@code tcp://host:61616}
     * @return its connection factory
     * @throws IllegalArgumentException naming {@code brokerUrl} if the Artemis client is not installed or refuses
     *             the URL
     */
    static ConnectionFactory create(String brokerUrl) {
        try {
            return Artemis.create(brokerUrl);
        } catch (NoClassDefFoundError e) {
            throw new IllegalArgumentException("brokerUrl: needs the ActiveMQ Artemis Jakarta client (package "
                    + "org.apache.activemq.artemis.jms.client), which is not installed; install it (Karaf feature "
                    + "tidings-bridge-jms) or use connectionFactory.target");
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("brokerUrl: '" + Secrets.withoutCredentials(brokerUrl)
                    + "' is refused by the Artemis client: " + Secrets.mask(String.valueOf(e.getMessage()), null));
        }
    }

    /** Loaded only when called, so that a missing Artemis client is a NoClassDefFoundError caught above. */
    private static final class Artemis {
        static ConnectionFactory create(String brokerUrl) {
            return new org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory(brokerUrl);
        }
    }
}
