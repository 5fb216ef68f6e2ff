package io.tidings.http.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.servlet.AsyncContext;
import javax.servlet.AsyncEvent;
import javax.servlet.AsyncListener;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

import io.tidings.api.DurableSubscriptions;
import io.tidings.api.Envelope;
import io.tidings.api.TidingsProperties;
import io.tidings.api.Topics;
import io.tidings.json.CloudEventsJson;

/**
 * One Server-Sent Events stream of {@code GET /events/{pattern}}: the events of a topic pattern, each as a
 * structured CloudEvent on {@code data:} lines, stored ones with {@code id: <durable topic>@<offset>}.
 *
 * <p>Two handlers feed it. Durable topics are read through a temporary durable subscription
 * ({@code tidings.subscription=http-sse-<uuid>}, {@code tidings.start=latest}), so stored events carry their
 * position and a reconnecting client resumes from the store: before the subscription's handler is registered, its
 * committed offset on the durable topic of {@code Last-Event-ID} is set to the offset after it
 * ({@link io.tidings.api.DurableSubscriptions#replay} on a subscription that is not active only commits), so the
 * store delivers from there, in order, exactly the events not yet seen; events at or before that offset are dropped
 * besides, should the log deliver them. Topics that are not durable are delivered by a plain handler, which skips
 * the topics of the durable topics known when the stream opened (the subscription delivers those).
 *
 * <p>A slow client slows its own durable subscription only (writes block the subscription's thread) and the plain
 * handler's lane. A failed write (the client went away), the async context ending, or {@link #close()} unregisters
 * both handlers, on another thread: a durable subscription is stopped by waiting for its handler's current call.
 * Thread-safe: writes are serialised on this object, closing is idempotent.
 */
final class EventStream implements AsyncListener {

    private static final byte[] KEEP_ALIVE = ":keep-alive\n\n".getBytes(StandardCharsets.US_ASCII);

    private final AsyncContext async;
    private final OutputStream out;
    private final CloudEventsJson cloudEvents;
    private final Executor closer;
    private final Runnable onClose;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private final LastEventId resumeAfter;
    private final List<String> durableTopics;
    private ScheduledFuture<?> keepAlive;
    private volatile String subscription; // the temporary durable subscription, or null
    private volatile DurableSubscriptions durableSubscriptions; // to delete it when the stream ends

    /** @param durable where the temporary subscription is deleted when the stream ends, or null */
    void deleteSubscriptionOnClose(DurableSubscriptions durable) {
        this.durableSubscriptions = durable;
    }

    EventStream(AsyncContext async, CloudEventsJson cloudEvents, LastEventId resumeAfter, List<String> durableTopics,
            Executor closer, Runnable onClose) throws IOException {
        this.async = async;
        this.out = async.getResponse().getOutputStream();
        this.cloudEvents = cloudEvents;
        this.resumeAfter = resumeAfter;
        this.durableTopics = List.copyOf(durableTopics);
        this.closer = closer;
        this.onClose = onClose;
        async.addListener(this);
    }

    /**
     * Registers the handlers and the keep-alive.
     *
     * @param subscription the durable subscription's name, or null to read no durable topic
     */
    synchronized void open(BundleContext context, String pattern, String subscription,
            ScheduledExecutorService scheduler, int keepAliveSeconds) {
        this.subscription = subscription;
        Dictionary<String, Object> memory = new Hashtable<>();
        memory.put(EventConstants.EVENT_TOPIC, pattern);
        registrations.add(context.registerService(EventHandler.class, this::fromMemory, memory));
        if (subscription != null) {
            Dictionary<String, Object> durable = new Hashtable<>();
            durable.put(EventConstants.EVENT_TOPIC, pattern);
            durable.put(TidingsProperties.SUBSCRIPTION, subscription);
            durable.put(TidingsProperties.START, "latest");
            durable.put(TidingsProperties.RETRY_MAX, "1");
            registrations.add(context.registerService(EventHandler.class, this::fromStore, durable));
        }
        keepAlive = scheduler.scheduleWithFixedDelay(() -> write(KEEP_ALIVE), keepAliveSeconds, keepAliveSeconds,
                TimeUnit.SECONDS);
        write(":stream of " + pattern + "\n\n");
    }

    private void fromMemory(Event event) {
        if (event.getProperty(TidingsProperties.OFFSET) != null) {
            return;
        }
        for (String d : durableTopics) {
            if (Topics.matches(d, event.getTopic())) {
                return; // the durable subscription delivers it, with its position
            }
        }
        send(null, event);
    }

    private void fromStore(Event event) {
        String durableTopic = (String) event.getProperty(TidingsProperties.DURABLE_TOPIC);
        Object offset = event.getProperty(TidingsProperties.OFFSET);
        if (durableTopic == null || !(offset instanceof Long)) {
            send(null, event);
            return;
        }
        long o = (Long) offset;
        if (resumeAfter != null && resumeAfter.durableTopic().equals(durableTopic) && o <= resumeAfter.offset()) {
            return; // seen before the client reconnected
        }
        send(new LastEventId(durableTopic, o), event);
    }

    private void send(LastEventId id, Event event) {
        if (closed.get()) {
            return;
        }
        StringBuilder sse = new StringBuilder(512);
        if (id != null) {
            sse.append("id: ").append(id).append('\n');
        }
        String json;
        try {
            json = new String(cloudEvents.write(envelope(event)), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            // Not an envelope (a plain Event Admin event): its topic and properties, as strings.
            sse.append("event: osgi\n");
            json = new String(Json.bytes(plainEvent(event)), StandardCharsets.UTF_8);
        }
        for (String line : json.split("\r\n|\r|\n", -1)) {
            sse.append("data: ").append(line).append('\n');
        }
        sse.append('\n');
        write(sse.toString());
    }

    private static Envelope envelope(Event event) {
        Map<String, Object> properties = new LinkedHashMap<>();
        for (String name : event.getPropertyNames()) {
            properties.put(name, event.getProperty(name));
        }
        return Envelope.fromEventProperties(event.getTopic(), properties);
    }

    private static Map<String, Object> plainEvent(Event event) {
        Map<String, Object> properties = new LinkedHashMap<>();
        for (String name : event.getPropertyNames()) {
            if (!EventConstants.EVENT_TOPIC.equals(name)) {
                properties.put(name, String.valueOf(event.getProperty(name)));
            }
        }
        return Map.of("topic", event.getTopic(), "properties", properties);
    }

    private void write(String text) {
        write(text.getBytes(StandardCharsets.UTF_8));
    }

    private void write(byte[] bytes) {
        if (closed.get()) {
            return;
        }
        try {
            synchronized (this) {
                out.write(bytes);
                out.flush();
            }
        } catch (IOException | RuntimeException e) {
            close(); // the client went away
        }
    }

    /** Stops the stream: unregisters the handlers (on the closer thread) and completes the response. */
    void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closer.execute(() -> {
            List<ServiceRegistration<?>> regs;
            synchronized (this) {
                if (keepAlive != null) {
                    keepAlive.cancel(false);
                }
                regs = new ArrayList<>(registrations);
                registrations.clear();
            }
            for (ServiceRegistration<?> r : regs) {
                try {
                    r.unregister();
                } catch (IllegalStateException e) {
                    // already unregistered with the bundle
                }
            }
            forgetSubscription();
            try {
                async.complete();
            } catch (IllegalStateException e) {
                // already completed by the container
            }
            onClose.run();
        });
    }

    /** Deletes the stream's temporary durable subscription, so that no offsets of it stay in the store. */
    private void forgetSubscription() {
        DurableSubscriptions d = durableSubscriptions;
        if (subscription == null || d == null) {
            return;
        }
        try {
            d.deleteSubscription(subscription);
        } catch (RuntimeException e) {
            // the store is closing, or the handler is still going away: its offsets are left, and listed inactive
        }
    }

    boolean isClosed() {
        return closed.get();
    }

    @Override
    public void onComplete(AsyncEvent event) {
        close();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        close();
    }

    @Override
    public void onError(AsyncEvent event) {
        close();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // not restarted
    }
}
