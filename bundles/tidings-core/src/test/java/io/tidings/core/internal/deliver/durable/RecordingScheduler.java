package io.tidings.core.internal.deliver.durable;

import java.util.ArrayList;
import java.util.List;

/** Records each requested delay and runs the task at once, so backoffs cost no time in tests. Thread-safe. */
final class RecordingScheduler implements RetryScheduler {

    private final List<Long> delays = new ArrayList<>();

    @Override
    public void schedule(Runnable task, long delayMillis) {
        synchronized (this) {
            delays.add(delayMillis);
        }
        task.run();
    }

    synchronized List<Long> delays() {
        return List.copyOf(delays);
    }
}
