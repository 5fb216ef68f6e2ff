package io.tidings.it.hotdeploy;

import java.util.ArrayList;
import java.util.List;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventHandler;

import io.tidings.it.hotdeploy.consumer.OrderConsumer;

/**
 * The permanently installed handler: counts the orders it receives and notes every one that does not follow the
 * previous one (a single publisher's events must arrive in order, none missing, none twice).
 *
 * <p>Thread-safe.
 */
final class OrderLedger implements EventHandler {

    private long received; // guarded by this
    private long next; // guarded by this
    private final List<String> anomalies = new ArrayList<>(); // guarded by this

    @Override
    public synchronized void handleEvent(Event event) {
        long seq = (Long) event.getProperty(OrderConsumer.SEQ);
        if (seq != next && anomalies.size() < 20) {
            anomalies.add("expected order " + next + " but got " + seq);
        }
        next = seq + 1;
        received++;
    }

    synchronized long received() {
        return received;
    }

    synchronized List<String> anomalies() {
        return List.copyOf(anomalies);
    }
}
