package io.tidings.core.internal.deliver;

import java.util.Collection;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.osgi.service.event.Event;

/**
 * The threads that drain delivery lanes.
 *
 * <p>A fixed set of workers takes ready tasks from one queue: {@link Dispatcher}s (the posted events of one
 * publishing thread) and {@link Lane}s with a backlog. An idle worker spins for a few microseconds before it
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
    private static final long MIN_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long MAX_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final ConcurrentLinkedQueue<Runnable> ready = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Worker> parked = new ConcurrentLinkedQueue<>();
    private final Set<Worker> workers = ConcurrentHashMap.newKeySet();
    private final AtomicInteger spinning = new AtomicInteger();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger live = new AtomicInteger();
    private final AtomicInteger compensation = new AtomicInteger();
    private final AtomicInteger names = new AtomicInteger();
    private final ThreadPoolExecutor slowExecutor;
    private final LaneObserver observer;
    // every live dispatcher, to tell when all are idle; a dispatcher goes with its thread unless it still has work
    private final Set<Dispatcher> dispatchers = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
    private final ThreadLocal<Dispatcher> dispatcher = ThreadLocal.withInitial(() -> {
        Dispatcher d = new Dispatcher(this);
        dispatchers.add(d);
        return d;
    });
    private final String name;
    private final Thread watchdog;
    private volatile int size;
    private volatile long timeoutNanos;
    private volatile long spinNanos;
    private volatile int dispatcherCapacity;
    private volatile long clock = System.nanoTime();
    private volatile boolean shutdown;

    /**
     * @param observer hears failures, slow handlers and full lanes
     * @param size the number of shared workers
     * @param timeoutMillis how long a handler call may take before its lane is marked slow; 0 disables
     * @param spinMicros how long an idle worker spins before it parks
     * @param capacity how many events a publisher may have waiting for delivery before {@code postEvent} waits
     */
    public DeliveryPool(LaneObserver observer, int size, long timeoutMillis, long spinMicros, int capacity) {
        this.observer = observer;
        this.name = "tidings-delivery-" + POOLS.incrementAndGet();
        this.slowExecutor = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> daemon(new Thread(r, name + "-slow-" + names.incrementAndGet())));
        this.slowExecutor.allowCoreThreadTimeOut(true);
        configure(size, timeoutMillis, spinMicros, capacity);
        this.watchdog = daemon(new Thread(this::watch, name + "-watchdog"));
        this.watchdog.start();
    }

    /**
     * Changes the settings of a running pool.
     *
     * @param newSize the number of shared workers (at least 1)
     * @param timeoutMillis the slow-handler timeout; 0 disables
     * @param spinMicros how long an idle worker spins before it parks
     * @param capacity how many events a publisher may have waiting for delivery before {@code postEvent} waits
     */
    public void configure(int newSize, long timeoutMillis, long spinMicros, int capacity) {
        this.dispatcherCapacity = Math.max(1, capacity);
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

    /**
     * Delivers an event asynchronously to the handlers of the given lanes whose filters accept it, after the events
     * the calling thread posted before; waits while too many of the thread's events are still undelivered.
     *
     * @param event the event
     * @param lanes the lanes of the handlers subscribed to its topic
     */
    public void dispatch(Event event, Lane[] lanes) {
        dispatcher.get().dispatch(event, lanes);
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

    long spinNanos() {
        return spinNanos;
    }

    boolean hasReadyTasks() {
        return !ready.isEmpty();
    }

    int dispatcherCapacity() {
        return dispatcherCapacity;
    }

    void submit(Runnable task) {
        ready.offer(task);
        if (spinning.get() == 0) {
            wakeOne();
        }
    }

    void submit(Lane lane, boolean slow) {
        if (slow) {
            slowExecutor.execute(lane);
        } else {
            submit((Runnable) lane);
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
        while (!dispatchersIdle() || !lanes.stream().allMatch(Lane::idle)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        return true;
    }

    private boolean dispatchersIdle() {
        synchronized (dispatchers) {
            for (Dispatcher d : dispatchers) {
                if (!d.idle()) {
                    return false;
                }
            }
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

    /**
     * A clock that costs a field read, for timing handler calls against the timeout: its resolution is a twentieth of
     * the timeout (1 to 50 ms).
     */
    long now() {
        return clock;
    }

    private void watch() {
        long nextCheck = 0;
        while (!shutdown) {
            long timeout = timeoutNanos;
            // the clock needs a resolution of a twentieth of the timeout, no finer: every tick takes a core from
            // someone, and a delivery thread taken off its core is what latency percentiles are made of
            long tick = timeout == 0 ? TimeUnit.MILLISECONDS.toNanos(100)
                    : Math.max(MIN_TICK_NANOS, Math.min(timeout / 20, MAX_TICK_NANOS));
            LockSupport.parkNanos(this, tick);
            long now = System.nanoTime();
            clock = now;
            if (timeout == 0 || now - nextCheck < 0) {
                continue;
            }
            nextCheck = now + Math.max(MIN_TICK_NANOS, Math.min(timeout / 4, TimeUnit.MILLISECONDS.toNanos(250)));
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
        private volatile Dispatcher dispatcher;
        // written before the release store to call, read after the watchdog's volatile read of call
        private Lane lane;
        private long callStart;

        Worker(String threadName) {
            super(threadName);
            daemon(this);
        }

        void enter(Lane l, long start) {
            lane = l;
            callStart = start;
            call.lazySet(++calls);
        }

        void running(Dispatcher d) {
            dispatcher = d;
        }

        /** @return {@code true} if the call was found stuck and this worker's dispatcher given to another */
        boolean leave() {
            if (call.getAndSet(0) < 0) {
                compensation.decrementAndGet();
                return dispatcher != null;
            }
            return false;
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
                Dispatcher d = dispatcher;
                if (d != null) {
                    submit(d);
                }
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
                        active.incrementAndGet();
                        try {
                            task.run();
                        } finally {
                            active.decrementAndGet();
                        }
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
            // one spinner at most, and none while another worker is busy: the busy worker picks up new work when it
            // is done, and a spinner would only take the core a publisher or that worker needs
            if (budget == 0 || spinning.get() > 0 || active.get() > 0) {
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
