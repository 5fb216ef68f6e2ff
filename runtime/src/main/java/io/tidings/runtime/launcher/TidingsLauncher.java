package io.tidings.runtime.launcher;

import java.lang.management.ManagementFactory;
import java.nio.channels.FileLock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Starts Tidings: an OSGi framework (found through {@link FrameworkFactory}) with the bundles of {@code bundles/},
 * Felix FileInstall watching {@code deploy/} and {@code etc/}, the OSGi Log service forwarded to
 * java.util.logging, and the Gogo shell on the console; prints a banner when ready and stops the framework on
 * Ctrl-C or SIGTERM. This class and its package are the framework's class path, not a bundle.
 *
 * <p>Arguments are {@code -Dname=value} pairs, set as system properties before anything else.
 */
public final class TidingsLauncher {

    static final Logger LOG = Logger.getLogger("io.tidings.runtime");
    /** Shown as the source of the launcher's own log records. */
    static final String SOURCE = "launcher";

    private static final long START_DEADLINE_MS = 60_000;
    private static final long EVENT_ADMIN_DEADLINE_MS = 10_000;
    private static final long STOP_DEADLINE_MS = 15_000;

    /** Held while the runtime runs. */
    private static FileLock dataLock;

    private TidingsLauncher() {
    }

    public static void main(String[] args) throws Exception {
        Instant launched = Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("-D") || eq < 3) {
                System.err.println("Unknown argument '" + arg + "'. Usage: tidings [-Dname=value ...]");
                System.exit(2);
            }
            System.setProperty(arg.substring(2, eq), arg.substring(eq + 1));
        }

        RuntimeHome home;
        try {
            home = RuntimeHome.locate();
        } catch (IllegalStateException e) {
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }
        dataLock = home.lockData();
        if (dataLock == null) {
            System.err.println("Tidings is already running from " + home.path());
            System.exit(1);
        }
        LoggingSetup.configure(home);
        Map<String, String> settings = FrameworkSettings.load(home, ConsoleShell.wanted());

        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("No OSGi framework on the class path"));
        Framework framework = factory.newFramework(settings);
        try {
            framework.init();
        } catch (BundleException e) {
            System.err.println("Cannot start the framework in " + home.cache() + ": " + e.getMessage());
            System.exit(1);
        }
        BundleContext system = framework.getBundleContext();
        LogForwarder.open(system);
        PluginReporter plugins = PluginReporter.open(system);
        BundleFolder.installAll(system, home.bundles());

        Thread hook = new Thread(() -> stop(framework), "tidings-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        awaitStarted(framework);
        boolean eventAdmin = awaitEventAdmin(system);
        plugins.ready();
        System.out.print(StartupBanner.text(home, system, Duration.between(launched, Instant.now())));
        System.out.flush();
        if (!eventAdmin) {
            LOG.logp(Level.WARNING, SOURCE, null, "No EventAdmin service after " + EVENT_ADMIN_DEADLINE_MS
                    + " ms: is io.tidings.core active? See the messages above.");
        }
        ConsoleShell.start(system);

        framework.waitForStop(0);
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            return; // the hook is stopping the framework and reports it
        }
        System.out.println("Tidings stopped");
        System.exit(0);
    }

    private static void awaitStarted(Framework framework) throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        FrameworkListener listener = event -> {
            if (event.getType() == FrameworkEvent.STARTED) {
                started.countDown();
            }
        };
        framework.getBundleContext().addFrameworkListener(listener);
        framework.start();
        if (!started.await(START_DEADLINE_MS, TimeUnit.MILLISECONDS)) {
            LOG.logp(Level.WARNING, SOURCE, null, "The framework did not reach its start level within "
                    + START_DEADLINE_MS + " ms");
        }
        framework.getBundleContext().removeFrameworkListener(listener);
    }

    private static boolean awaitEventAdmin(BundleContext system) throws InterruptedException {
        ServiceTracker<Object, Object> tracker =
                new ServiceTracker<>(system, "org.osgi.service.event.EventAdmin", null);
        tracker.open(true);
        try {
            return tracker.waitForService(EVENT_ADMIN_DEADLINE_MS) != null;
        } finally {
            tracker.close();
        }
    }

    private static void stop(Framework framework) {
        long begin = System.nanoTime();
        try {
            framework.stop();
            FrameworkEvent stopped = framework.waitForStop(STOP_DEADLINE_MS);
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - begin);
            System.out.println(stopped.getType() == FrameworkEvent.WAIT_TIMEDOUT
                    ? "Tidings did not stop within " + STOP_DEADLINE_MS + " ms; exiting anyway"
                    : "Tidings stopped in " + ms + " ms");
        } catch (Exception e) {
            System.out.println("Tidings stopped with an error: " + e);
        }
    }
}
