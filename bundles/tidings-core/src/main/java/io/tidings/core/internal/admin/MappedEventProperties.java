package io.tidings.core.internal.admin;

import static org.osgi.service.event.EventConstants.BUNDLE;
import static org.osgi.service.event.EventConstants.BUNDLE_ID;
import static org.osgi.service.event.EventConstants.BUNDLE_SIGNER;
import static org.osgi.service.event.EventConstants.BUNDLE_SYMBOLICNAME;
import static org.osgi.service.event.EventConstants.BUNDLE_VERSION;
import static org.osgi.service.event.EventConstants.EXCEPTION;
import static org.osgi.service.event.EventConstants.EXCEPTION_CLASS;
import static org.osgi.service.event.EventConstants.EXCEPTION_MESSAGE;
import static org.osgi.service.event.EventConstants.SERVICE;
import static org.osgi.service.event.EventConstants.SERVICE_ID;
import static org.osgi.service.event.EventConstants.SERVICE_OBJECTCLASS;
import static org.osgi.service.event.EventConstants.SERVICE_PID;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.Version;

/**
 * The property groups that the Event Admin specification (113.6.1 "General Conventions") gives the
 * same names and types in every mapped OSGi event, so that one handler can read, say, the exception
 * of a Framework event and of a Log entry alike. Shared by {@link FrameworkEventBridge} and
 * {@link LogEventBridge}.
 *
 * <p>Stateless; safe for concurrent use. Absent values are left out rather than mapped to
 * {@code null}, as the conventions ask.
 */
final class MappedEventProperties {

    private MappedEventProperties() {
    }

    static void putBundle(Map<String, Object> properties, Bundle bundle) {
        properties.put(BUNDLE_ID, bundle.getBundleId());
        String symbolicName = bundle.getSymbolicName();
        if (symbolicName != null) {
            properties.put(BUNDLE_SYMBOLICNAME, symbolicName);
        }
        Version version = bundle.getVersion();
        if (version != null) {
            properties.put(BUNDLE_VERSION, version);
        }
        properties.put(BUNDLE, bundle);
    }

    /**
     * Puts {@code bundle.signer}: a single signer's DN as a {@code String}, several as a
     * {@code Collection<String>}, nothing for an unsigned bundle. Kept apart from
     * {@link #putBundle} because only Framework and Bundle events list it, and reading certificates
     * is too costly for every log entry.
     */
    static void putSigners(Map<String, Object> properties, Bundle bundle) {
        Map<X509Certificate, List<X509Certificate>> signers =
                bundle.getSignerCertificates(Bundle.SIGNERS_ALL);
        if (signers == null || signers.isEmpty()) {
            return;
        }
        List<String> names = new ArrayList<>(signers.size());
        for (X509Certificate signer : signers.keySet()) {
            // RFC 2253 form, the one the framework's own DN matching uses.
            names.add(signer.getSubjectX500Principal().getName());
        }
        properties.put(BUNDLE_SIGNER,
                names.size() == 1 ? names.get(0) : Collections.unmodifiableList(names));
    }

    static void putException(Map<String, Object> properties, Throwable exception) {
        properties.put(EXCEPTION, exception);
        properties.put(EXCEPTION_CLASS, exception.getClass().getName());
        String message = exception.getMessage();
        if (message != null) {
            properties.put(EXCEPTION_MESSAGE, message);
        }
    }

    static void putService(Map<String, Object> properties, ServiceReference<?> service) {
        properties.put(SERVICE, service);
        putIfPresent(properties, SERVICE_ID, service.getProperty(Constants.SERVICE_ID));
        putIfPresent(properties, SERVICE_OBJECTCLASS, service.getProperty(Constants.OBJECTCLASS));
        Object pid = service.getProperty(Constants.SERVICE_PID);
        if (pid instanceof String[] pids) {
            // The specification makes a String[] PID a Collection<String>; the copy keeps the
            // event immutable even if the registrant reuses its array.
            properties.put(SERVICE_PID, Collections.unmodifiableList(Arrays.asList(pids.clone())));
        } else {
            putIfPresent(properties, SERVICE_PID, pid);
        }
    }

    private static void putIfPresent(Map<String, Object> properties, String key, Object value) {
        if (value != null) {
            properties.put(key, value);
        }
    }
}
