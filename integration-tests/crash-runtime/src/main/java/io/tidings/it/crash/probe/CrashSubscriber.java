package io.tidings.it.crash.probe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

import io.tidings.api.TidingsProperties;

/**
 * The durable subscription {@value #SUBSCRIPTION} on {@code crash/*}, from the earliest stored event: appends each
 * event's probe id to {@code received.log} (with its offset and delivery attempt), then returns, which acknowledges
 * it. An event whose line could not be written is not acknowledged (the handler throws), so it comes again.
 *
 * <p>Each event takes {@value #WORK_MICROS} microseconds, at least the publisher's pace: the subscriber falls behind,
 * so a kill leaves acknowledged events it has not received, which the next run must deliver from the store.
 *
 * <p>Thread-safe: the log serializes its writers.
 */
@Component(service = EventHandler.class, property = {
        EventConstants.EVENT_TOPIC + "=crash/*",
        TidingsProperties.SUBSCRIPTION + "=" + CrashSubscriber.SUBSCRIPTION,
        TidingsProperties.START + "=earliest" })
public class CrashSubscriber implements EventHandler {

    static final String SUBSCRIPTION = "crash-probe";
    static final long WORK_MICROS = 1000;
    private static final Pattern PROBE_ID = Pattern.compile("\"probe\"\\s*:\\s*\"([^\"]+)\"");

    private volatile LineFile received;

    @Activate
    void activate(BundleContext context) throws IOException {
        received = new LineFile(ProbeDirectory.of(context).resolve("received.log"));
    }

    @Deactivate
    void deactivate() throws IOException {
        LineFile file = received;
        received = null;
        file.close();
    }

    @Override
    public void handleEvent(Event event) {
        LineFile file = received;
        if (file == null) {
            throw new IllegalStateException("The crash subscriber is stopping; the event is not acknowledged");
        }
        LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(WORK_MICROS)); // the work a real subscriber would do
        try {
            file.append(probeId(event) + " " + event.getProperty(TidingsProperties.OFFSET) + " "
                    + event.getProperty(TidingsProperties.ATTEMPT));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The probe id in the event's data; an event without one is written so that the test reports it. */
    private static String probeId(Event event) {
        Object data = event.getProperty(TidingsProperties.DATA);
        Matcher id = PROBE_ID.matcher(String.valueOf(data));
        return id.find() ? id.group(1) : "no-probe-id:" + event.getTopic();
    }
}
