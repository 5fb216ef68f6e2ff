package io.tidings.bridge.kafka.internal;

import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

import org.apache.kafka.common.KafkaException;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.EventHandler;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;

import io.tidings.api.Bridge;
import io.tidings.api.DurableSubscriptions;
import io.tidings.api.EventPublisher;
import io.tidings.json.CloudEventsJson;

/**
 * One Kafka bridge per factory configuration of {@code io.tidings.bridge.kafka}: registers the outbound part's
 * durable subscription (an {@code EventHandler}) and one {@link Bridge} service per direction, starts the inbound
 * part's consumer, and undoes all of it when the configuration goes away. A configuration that cannot be used is
 * logged at ERROR with the property at fault and fails activation, so nothing is registered.
 *
 * <p>Created and destroyed by SCR; not used concurrently.
 */
@Component(configurationPid = BridgeSettings.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {})
@Designate(ocd = KafkaBridgeConfiguration.class, factory = true)
public final class KafkaBridgeComponent {

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private OutboundBridge outbound;
    private InboundBridge inbound;
    private ServiceRegistration<EventHandler> handler;
    private ServiceRegistration<Bridge> outboundStatus;
    private ServiceRegistration<Bridge> inboundStatus;

    @Activate
    public KafkaBridgeComponent(BundleContext context, Map<String, Object> configuration,
            @Reference(name = "publisher") EventPublisher publisher,
            @Reference(name = "subscriptions") DurableSubscriptions subscriptions,
            @Reference(name = "logger", cardinality = ReferenceCardinality.OPTIONAL,
                    policyOption = ReferencePolicyOption.GREEDY) LoggerFactory loggers) {
        BridgeLog log = new BridgeLog(loggers);
        BridgeSettings settings;
        try {
            settings = BridgeSettings.read(configuration);
        } catch (IllegalArgumentException e) {
            String message = "configuration " + configuration.get(Constants.SERVICE_PID)
                    + " refused, no Kafka bridge started: " + e.getMessage();
            log.error(message);
            throw new IllegalArgumentException(message, e);
        }
        Secrets secrets = new Secrets(settings.clientProperties());
        try {
            CloudEventsJson json = CloudEventsJson.create();
            if (settings.outbound() != null) {
                outbound = new OutboundBridge(settings, KafkaClients.producer(settings),
                        new OutboundRecords(settings.outbound().mode(), json), subscriptions,
                        ClusterProbe.of(settings, log), log);
                handler = context.registerService(EventHandler.class, outbound,
                        new Hashtable<>(outbound.handlerProperties()));
                outboundStatus = context.registerService(Bridge.class, outbound, bridgeProperties(settings, "outbound"));
            }
            if (settings.inbound() != null) {
                inbound = new InboundBridge(settings, KafkaClients.consumer(settings),
                        new InboundRecords(settings.inbound(), json), publisher, log);
                inbound.start();
                inboundStatus = context.registerService(Bridge.class, inbound, bridgeProperties(settings, "inbound"));
            }
        } catch (KafkaException | IllegalArgumentException e) {
            deactivate();
            String message = secrets.scrub("configuration " + configuration.get(Constants.SERVICE_PID)
                    + " refused, no Kafka bridge started: the Kafka client rejects it: " + BridgeHealth.describe(e));
            log.error(message);
            throw new IllegalArgumentException(message);
        }
        log.info("Kafka bridge " + settings.name() + " started ("
                + (settings.outbound() == null ? "" : "outbound " + settings.outbound().busTopics() + " -> "
                        + settings.outbound().kafkaTopic())
                + (settings.outbound() != null && settings.inbound() != null ? ", " : "")
                + (settings.inbound() == null ? "" : "inbound " + settings.inbound().kafkaTopics() + " -> "
                        + settings.inbound().busTopic())
                + ") with client settings " + Secrets.masked(settings.clientProperties()));
    }

    private static Dictionary<String, Object> bridgeProperties(BridgeSettings settings, String direction) {
        Dictionary<String, Object> p = new Hashtable<>();
        p.put("tidings.bridge.kind", "kafka");
        p.put("tidings.bridge.name", settings.name());
        p.put("tidings.bridge.direction", direction);
        return p;
    }

    @Deactivate
    void deactivate() {
        // The handler goes first: the subscription stops delivering and commits; the producer then sends what is
        // still buffered before it closes.
        unregister(handler);
        if (outbound != null) {
            outbound.close(CLOSE_TIMEOUT);
        }
        unregister(outboundStatus);
        if (inbound != null) {
            inbound.close(CLOSE_TIMEOUT);
        }
        unregister(inboundStatus);
    }

    private static void unregister(ServiceRegistration<?> registration) {
        if (registration == null) {
            return;
        }
        try {
            registration.unregister();
        } catch (IllegalStateException e) {
            // already gone with the bundle
        }
    }
}
