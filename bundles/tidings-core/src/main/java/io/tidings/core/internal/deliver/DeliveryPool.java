package io.tidings.core.internal.deliver;

import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The threads that drain delivery lanes.
 *
 * <p>A fixed set of workers takes ready lanes from one queue. An idle worker spins for a few microseconds before it
 * parks (one spinner at a time), so that under a steady stream an event is picked up without the cost of waking a
 * parked thread; under no load the workers sleep. A watchdog looks at every worker: a worker whose handler call has
 * lasted longer than the timeout has its lane marked slow and is replaced by a compensating worker until the call
 * returns, so a stuck handler never takes a worker away from the others. Lanes marked slow drain on a separate
 * executor until they recover.
 *
 * <p>Thread-safe.
 */
public final class DeliveryPool {

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final ConcurrentLinkedQueue<Runnable> ready = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Worker> parked = new ConcurrentLinkedQueue<>();
    private final Set<Worker> workers = ConcurrentHashMap.newKeySet();
    private final AtomicInteger spinning = new AtomicInteger();
    private final AtomicInteger live = new AtomicInteger();
    private final AtomicInteger compensation = new AtomicInteger();
    private final AtomicInteger names = new AtomicInteger();
    private final ThreadPoolExecutor slowExecutor;
    private final LaneObserver observer;
    private final String name;
    private final Thread watchdog;
    private volatile int size;
    private volatile long timeoutNanos;
    private volatile long spinNanos;
    private volatile boolean shutdown;

    /**
     * @param observer hears failures, slow handlers and full lanes
     * @param size the number of shared workers
     * @param timeoutMillis how long a handler call may take before its lane is marked slow; 0 disables
     * @param spinMicros how long an idle worker spins before it parks
     */
    public DeliveryPool(LaneObserver observer, int size, long timeoutMillis, long spinMicros) {
        this.observer = observer;
        this.name = "tidings-delivery-" + POOLS.incrementAndGet();
        this.slowExecutor = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> daemon(new Thread(r, name + "-slow-" + names.incrementAndGet())));
        this.slowExecutor.allowCoreThreadTimeOut(true);
        configure(size, timeoutMillis, spinMicros);
        this.watchdog = daemon(new Thread(this::watch, name + "-watchdog"));
        this.watchdog.start();
    }

    /**
     * Changes the settings of a running pool.
     *
     * @param newSize the number of shared workers (at least 1)
     * @param timeoutMillis the slow-handler timeout; 0 disables
     * @param spinMicros how long an idle worker spins before it parks
     */
    public void configure(int newSize, long timeoutMillis, long spinMicros) {
        this.size = Math.max(1, newSize);
        this.timeoutNanos = Math.max(0, TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
        this.spinNanos = Math.max(0, TimeUnit.MICROSECONDS.toNanos(spinMicros));
        int slowThreads = Math.max(2, size / 2);
        slowExecutor.setMaximumPoolSize(Math.max(slowThreads, slowExecutor.getCorePoolSize()));
        slowExecutor.setCorePoolSize(slowThreads);
        slowExecutor.setMaximumPoolSize(slowThreads);
        ensureWorkers();
        parked.forEach(w -> LockSupport.unpark(w));
    }

    /**
     * @param target the handler
     * @param capacity the lane's capacity
     * @return a new lane delivering to the handler on this pool
     */
    public Lane newLane(LaneTarget target, int capacity) {
        return new Lane(target, this, Math.max(1, capacity));
    }

    /** @return the number of shared workers */
    public int workers() {
        return size;
    }

    /** @return the slow-handler timeout in nanoseconds; 0 when disabled */
    long timeoutNanos() {
        return timeoutNanos;
    }

    LaneObserver observer() {
        return observer;
    }

    boolean isShutdown() {
        return shutdown;
    }

    void submit(Lane lane, boolean slow) {
        if (slow) {
            slowExecutor.execute(lane);
            return;
        }
        ready.offer(lane);
        if (spinning.get() == 0) {
            wakeOne();
        }
    }

    /**
     * Waits until the lanes have delivered what they hold.
     *
     * @param lanes the lanes
     * @param timeoutMillis the longest wait
     * @return {@code true} if they are all idle
     */
    public boolean awaitIdle(Collection<Lane> lanes, long timeoutMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (!lanes.stream().allMatch(Lane::idle)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        return true;
    }

    /** Stops the workers once they finish their current call; what is still queued is not delivered. */
    public void shutdown() {
        shutdown = true;
        watchdog.interrupt();
        workers.forEach(LockSupport::unpark);
        slowExecutor.shutdownNow();
    }

    static Worker currentWorker() {
        Thread t = Thread.currentThread();
        return t instanceof Worker ? (Worker) t : null;
    }

    private void wakeOne() {
        Worker w = parked.poll();
        if (w != null) {
            LockSupport.unpark(w);
        }
    }

    private void ensureWorkers() {
        for (;;) {
            int n = live.get();
            if (shutdown || n >= size + compensation.get()) {
                return;
            }
            if (live.compareAndSet(n, n + 1)) {
                Worker w = new Worker(name + "-" + names.incrementAndGet());
                workers.add(w);
                w.start();
            }
        }
    }

    private boolean retireIfSurplus() {
        for (;;) {
            int n = live.get();
            if (!shutdown && n <= size + compensation.get()) {
                return false;
            }
            if (live.compareAndSet(n, n - 1)) {
                return true;
            }
        }
    }

    private void watch() {
        while (!shutdown) {
            long timeout = timeoutNanos;
            long period = timeout == 0 ? TimeUnit.MILLISECONDS.toNanos(500)
                    : Math.max(TimeUnit.MILLISECONDS.toNanos(5), Math.min(timeout / 4, TimeUnit.MILLISECONDS.toNanos(250)));
            LockSupport.parkNanos(this, period);
            if (timeout == 0) {
                continue;
            }
            long now = System.nanoTime();
            for (Worker w : workers) {
                w.checkStuck(now, timeout);
            }
        }
    }

    private static <T extends Thread> T daemon(T thread) {
        thread.setDaemon(true);
        thread.setContextClassLoader(null);
        return thread;
    }

    /** A shared delivery thread. Its call state is read by the watchdog. */
    final class Worker extends Thread {
        private final AtomicLong call = new AtomicLong();
        private long calls;
        private volatile Lane lane;
        private volatile long callStart;

        Worker(String threadName) {
            super(threadName);
            daemon(this);
        }

        void enter(Lane l, long start) {
            lane = l;
            callStart = start;
            call.set(++calls);
        }

        void leave() {
            lane = null;
            if (call.getAndSet(0) < 0) {
                compensation.decrementAndGet();
            }
        }

        void checkStuck(long now, long timeout) {
            long c = call.get();
            Lane l = lane;
            if (c <= 0 || l == null || now - callStart <= timeout || l.target().exemptFromTimeout()) {
                return;
            }
            if (call.compareAndSet(c, -c)) {
                l.markSlow(TimeUnit.NANOSECONDS.toMillis(now - callStart), true);
                compensation.incrementAndGet();
                ensureWorkers();
            }
        }

        @Override
        public void run() {
            try {
                while (!shutdown) {
                    Runnable task = ready.poll();
                    if (task == null) {
                        task = spin();
                    }
                    if (task != null) {
                        if (!ready.isEmpty() && spinning.get() == 0) {
                            wakeOne();
                        }
                        task.run();
                    } else if (retireIfSurplus()) {
                        return;
                    } else {
                        park();
                    }
                }
            } finally {
                workers.remove(this);
                parked.remove(this);
            }
        }

        private Runnable spin() {
            long budget = spinNanos;
            if (budget == 0 || spinning.get() > 0) {
                return null;
            }
            spinning.incrementAndGet();
            try {
                long deadline = System.nanoTime() + budget;
                Runnable task;
                while ((task = ready.poll()) == null && System.nanoTime() < deadline && !shutdown) {
                    Thread.onSpinWait();
                }
                return task;
            } finally {
                spinning.decrementAndGet();
            }
        }

        private void park() {
            parked.offer(this);
            if (ready.isEmpty() && !shutdown) {
                LockSupport.park(this);
            }
            parked.remove(this);
        }
    }
}
