package io.tidings.cdi;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Observers as an application writes them, recording what they see. Thread-safe. */
@ApplicationScoped
public class RecordingObservers {

    static final List<TidingsEvent> ORDERS = new CopyOnWriteArrayList<>();
    static final List<TidingsEvent> PAYMENTS = new CopyOnWriteArrayList<>();
    static final List<TidingsEvent> ALL = new CopyOnWriteArrayList<>();

    void orders(@Observes @Topic("orders/*") TidingsEvent e) {
        ORDERS.add(e);
    }

    void payments(@Observes @Topic("payments/done") TidingsEvent e) {
        PAYMENTS.add(e);
    }

    void all(@Observes TidingsEvent e) {
        ALL.add(e);
    }
}
