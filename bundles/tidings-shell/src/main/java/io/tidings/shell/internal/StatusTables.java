package io.tidings.shell.internal;

import java.util.List;

import io.tidings.api.BusStatus;
import io.tidings.api.HandlerStatus;
import io.tidings.api.TopicStatus;

/**
 * The text of {@code tidings:topics} and {@code tidings:handlers}, from a {@link BusStatus} snapshot.
 *
 * <p>Thread-safe: stateless.
 */
final class StatusTables {

    /** What the commands say when the Event Admin is not Tidings, so there is no BusStatus to read. */
    static final String NO_BUS_STATUS = "No io.tidings.api.BusStatus service: the Event Admin here is not Tidings"
            + " (tidings-core), so topics and handlers cannot be listed";

    private StatusTables() {
    }

    /**
     * @param status the bus, or {@code null} if there is none
     * @return a table of topic, events published and subscribers, or one line if there is nothing to show
     */
    static String topics(BusStatus status) {
        if (status == null) {
            return NO_BUS_STATUS;
        }
        List<TopicStatus> topics = status.topics();
        if (topics.isEmpty()) {
            return "No events published yet";
        }
        Table table = new Table().text("TOPIC").number("PUBLISHED").number("SUBSCRIBERS");
        topics.forEach(topic -> table.row(topic.topic(), topic.published(), topic.subscribers()));
        return table.render();
    }

    /**
     * @param status the bus, or {@code null} if there is none
     * @return a table of the handlers, then one line per ignored handler with the reason, or one line if there is
     *         nothing to show
     */
    static String handlers(BusStatus status) {
        if (status == null) {
            return NO_BUS_STATUS;
        }
        List<HandlerStatus> handlers = status.handlers();
        if (handlers.isEmpty()) {
            return "No event handlers";
        }
        Table table = new Table().number("ID").text("BUNDLE").text("TOPICS").text("FILTER").text("DELIVERY")
                .text("STATE").number("QUEUED").number("DELIVERED").number("FAILED").number("SLOW");
        StringBuilder problems = new StringBuilder();
        for (HandlerStatus handler : handlers) {
            table.row(handler.serviceId(), handler.bundle(), String.join(",", handler.topics()), handler.filter(),
                    handler.delivery(), handler.state(), handler.queued() + "/" + handler.capacity(),
                    handler.delivered(), handler.failed(), handler.slowCalls());
            if (handler.problem() != null) {
                problems.append("\nHandler ").append(handler.serviceId()).append(": ")
                        .append(handler.problem().replaceAll("\\p{Cntrl}", "?"));
            }
        }
        return table.render() + problems;
    }
}
