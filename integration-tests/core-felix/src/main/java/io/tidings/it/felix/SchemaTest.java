package io.tidings.it.felix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

import io.tidings.api.DurableSubscriptions;
import io.tidings.api.DurableTopicStatus;
import io.tidings.api.Envelope;
import io.tidings.api.EventPosition;
import io.tidings.api.EventPublisher;
import io.tidings.api.EventSchemas;
import io.tidings.api.InvalidEventException;
import io.tidings.api.SchemaStatus;
import io.tidings.api.TidingsProperties;

/**
 * Event schemas with tidings-core and tidings-json in one framework (json.bndrun): schemas from {@code
 * io.tidings.schema} configurations and from the schema directory ({@code tidings.schemas.directory}); a typed event
 * whose data does not match is refused through every publishing path and is neither stored nor delivered; the
 * compatibility rule between minor versions.
 */
@EnabledIf("jsonFramework")
class SchemaTest {

    private static final String ORDER_SCHEMA = """
            {"type":"object","required":["orderId","total"],
             "properties":{"orderId":{"type":"string","pattern":"^ord_"},"total":{"type":"number","minimum":0}}}""";

    @InjectBundleContext
    BundleContext context;

    @InjectService
    ConfigurationAdmin configAdmin;

    @InjectService
    EventPublisher publisher;

    @InjectService
    EventAdmin eventAdmin;

    @InjectService
    EventSchemas schemas;

    @InjectService
    DurableSubscriptions durable;

    private final List<Configuration> configurations = new ArrayList<>();
    private static int aliases;

    static boolean jsonFramework() {
        return Boolean.parseBoolean(FrameworkUtil.getBundle(SchemaTest.class).getBundleContext()
                .getProperty("tidings.it.json"));
    }

    @AfterEach
    void deleteConfigurations() throws Exception {
        for (Configuration c : configurations) {
            c.delete();
        }
    }

    private Configuration schema(String type, String version, String json) throws Exception {
        Configuration c = configAdmin.getFactoryConfiguration("io.tidings.schema", "schema-test-" + ++aliases, "?");
        c.update(new Hashtable<>(Map.of("type", type, "version", version, "schema", json)));
        configurations.add(c);
        return c;
    }

    private SchemaStatus awaitSchema(String type, String version) {
        Eventually.until("schema " + type + " " + version + " is registered", () -> status(type, version) != null);
        return status(type, version);
    }

    private SchemaStatus status(String type, String version) {
        return schemas.schemas().stream().filter(s -> type.equals(s.type()) && version.equals(s.version()))
                .findFirst().orElse(null);
    }

    private long endOffset(String topic) {
        return durable.durableTopics().stream().filter(t -> t.topic().equals(topic)).findFirst()
                .map(DurableTopicStatus::endOffset).orElseThrow();
    }

    @Test
    void invalidTypedEventsAreRefusedOnEveryPathAndNeitherStoredNorDelivered() throws Exception {
        Configuration topic = configAdmin.getFactoryConfiguration("io.tidings.topic", "schema-test-topic", "?");
        topic.update(new Hashtable<>(Map.of("topic", "schema-test/*")));
        configurations.add(topic);
        Eventually.until("durable topic schema-test/* is open",
                () -> durable.durableTopics().stream().anyMatch(t -> t.topic().equals("schema-test/*")));
        schema("it.order.placed", "1.0", ORDER_SCHEMA);
        assertThat(awaitSchema("it.order.placed", "1.0").problem()).isNull();
        Subscriber subscriber = Subscriber.register(context, "schema-test/*");
        try {
            long before = endOffset("schema-test/*");

            Envelope bad = Envelope.builder("it.order.placed", "schema-test/orders").source("schema-test")
                    .data("{\"orderId\":\"x-1\",\"total\":-5}").build();
            assertThatThrownBy(() -> publisher.publish(bad).toCompletableFuture().get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(InvalidEventException.class)
                    .hasMessageContaining("does not match its schema").hasMessageContaining("orderId")
                    .hasMessageContaining("total");
            Map<String, Object> props = new HashMap<>(bad.toEventProperties());
            assertThatThrownBy(() -> eventAdmin.postEvent(new Event("schema-test/orders", props)))
                    .isInstanceOf(InvalidEventException.class).hasMessageContaining("tidings.data");
            assertThatThrownBy(() -> eventAdmin.sendEvent(new Event("schema-test/orders", props)))
                    .isInstanceOf(InvalidEventException.class);
            Map<String, Object> noData = new HashMap<>(props);
            noData.remove(TidingsProperties.DATA);
            assertThatThrownBy(() -> eventAdmin.postEvent(new Event("schema-test/orders", noData)))
                    .isInstanceOf(InvalidEventException.class);

            Envelope good = Envelope.builder("it.order.placed", "schema-test/orders").source("schema-test")
                    .data("{\"orderId\":\"ord_1\",\"total\":5}").build();
            EventPosition stored = publisher.publish(good).toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(stored.offset()).isEqualTo(before);
            Map<String, Object> untyped = new HashMap<>(props);
            untyped.remove(TidingsProperties.EVENT_TYPE);
            eventAdmin.sendEvent(new Event("schema-test/orders", untyped)); // no type: not validated

            Eventually.until("the valid and the untyped event are delivered", () -> subscriber.recorder().count() == 2);
            Eventually.holds("nothing else is delivered", Duration.ofMillis(300),
                    () -> subscriber.recorder().count() == 2);
            // the valid typed event, and the untyped one (it kept the refused envelope's id); in either order, as
            // sendEvent delivers on its own thread while publish's in-memory delivery is asynchronous
            assertThat(subscriber.recorder().events()).extracting(e -> e.getProperty(TidingsProperties.EVENT_ID))
                    .containsExactlyInAnyOrder(good.id(), bad.id());
            assertThat(subscriber.recorder().events()).filteredOn(
                    e -> e.getProperty(TidingsProperties.EVENT_TYPE) != null)
                    .extracting(e -> e.getProperty(TidingsProperties.EVENT_ID)).containsExactly(good.id());
            assertThat(endOffset("schema-test/*")).isEqualTo(before + 2);
            SchemaStatus status = status("it.order.placed", "1.0");
            assertThat(status.validated()).isEqualTo(1);
            assertThat(status.rejected()).isEqualTo(4);
        } finally {
            subscriber.unregister();
        }
    }

    @Test
    void aLaterMinorVersionMayAddOptionalFieldsButNotRequireThem() throws Exception {
        schema("it.invoice", "1.0", ORDER_SCHEMA);
        schema("it.invoice", "1.1", ORDER_SCHEMA.replace("\"minimum\":0}}", "\"minimum\":0},"
                + "\"currency\":{\"type\":\"string\"}}"));
        schema("it.invoice", "1.2", ORDER_SCHEMA.replace("[\"orderId\",\"total\"]",
                "[\"orderId\",\"total\",\"currency\"]"));
        assertThat(awaitSchema("it.invoice", "1.0").problem()).isNull();
        assertThat(awaitSchema("it.invoice", "1.1").problem()).isNull();
        assertThat(awaitSchema("it.invoice", "1.2").problem()).contains("requires 'currency'")
                .contains("new major version");

        Envelope withCurrency = Envelope.builder("it.invoice", "schema-test/invoices").version("1.1")
                .source("schema-test").data("{\"orderId\":\"ord_2\",\"total\":1,\"currency\":7}").build();
        assertThatThrownBy(() -> publisher.publish(withCurrency).toCompletableFuture().get(10, TimeUnit.SECONDS))
                .cause().hasMessageContaining("currency");
        Envelope v2 = Envelope.builder("it.invoice", "schema-test/invoices").version("2.0").source("schema-test")
                .data("{\"orderId\":\"ord_2\",\"total\":1}").build();
        assertThatThrownBy(() -> publisher.publish(v2).toCompletableFuture().get(10, TimeUnit.SECONDS))
                .cause().hasMessageContaining("no schema for major version 2");
    }

    @Test
    void schemaFilesInTheSchemaDirectoryAreRegisteredAndUnregistered() throws Exception {
        Path dir = Path.of(context.getProperty("tidings.schemas.directory"));
        Files.createDirectories(dir);
        Path file = dir.resolve("it.shipment@1.0.json");
        Files.writeString(file, "{\"type\":\"object\",\"required\":[\"trackingId\"]}", StandardCharsets.UTF_8);
        try {
            assertThat(awaitSchema("it.shipment", "1.0").origin()).isEqualTo("file:it.shipment@1.0.json");
            Envelope bad = Envelope.builder("it.shipment", "schema-test/shipments").source("schema-test")
                    .data("{}").build();
            assertThatThrownBy(() -> publisher.publish(bad).toCompletableFuture().get(10, TimeUnit.SECONDS))
                    .cause().hasMessageContaining("trackingId");
        } finally {
            Files.deleteIfExists(file);
        }
        Eventually.until("the deleted file's schema is unregistered", () -> status("it.shipment", "1.0") == null);
    }
}
