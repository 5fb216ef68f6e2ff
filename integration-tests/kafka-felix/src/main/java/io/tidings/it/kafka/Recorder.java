package io.tidings.it.kafka;

import java.util.ArrayList;
import java.util.List;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventHandler;

import io.tidings.api.Envelope;

/** An event handler that records the envelopes it receives. Thread-safe. */
final class Recorder implements EventHandler {

    private final List<Event> events = new ArrayList<>(); // guarded by this

    @Override
    public synchronized void handleEvent(Event event) {
        events.add(event);
    }

    synchronized List<Event> events() {
        return List.copyOf(events);
    }

    synchronized int count() {
        return events.size();
    }

    List<Envelope> envelopes() {
        return events().stream().map(e -> {
            java.util.Map<String, Object> p = new java.util.HashMap<>();
            for (String n : e.getPropertyNames()) {
                p.put(n, e.getProperty(n));
            }
            return Envelope.fromEventProperties(e.getTopic(), p);
        }).toList();
    }
}
