package io.tidings.bridge.jms.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import io.tidings.api.Envelope;
import io.tidings.api.EventPosition;
import io.tidings.api.EventPublisher;

/**
 * The bus as the inbound tests need it: while the gate is closed a publish is held (a slow bus), once it is open
 * every publish, held or new, is stored at once. Records the ids stored. Thread-safe.
 */
final class GatedPublisher implements EventPublisher {

    private final List<CompletableFuture<EventPosition>> held = new ArrayList<>();
    private final Set<String> stored = ConcurrentHashMap.newKeySet();
    private boolean open;

    GatedPublisher(boolean open) {
        this.open = open;
    }

    @Override
    public synchronized CompletionStage<EventPosition> publish(Envelope envelope) {
        CompletableFuture<EventPosition> f = new CompletableFuture<>();
        f.thenRun(() -> stored.add(envelope.id()));
        if (open) {
            f.complete(new EventPosition(envelope.topic(), 0));
        } else {
            held.add(f);
        }
        return f;
    }

    synchronized void open() {
        open = true;
        held.forEach(f -> f.complete(new EventPosition("held", 0)));
        held.clear();
    }

    synchronized int held() {
        return held.size();
    }

    Set<String> stored() {
        return stored;
    }
}
