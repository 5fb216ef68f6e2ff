package io.tidings.core.internal.admin;

import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.osgi.service.event.Event;

/**
 * An Event's properties as a read-only Map, for content patterns: {@link #get} and {@link #containsKey} read the
 * event directly, so a matcher that looks at a few properties copies nothing; the entries are gathered only if
 * someone iterates (for example over the {@code tidings.meta.*} properties).
 *
 * <p>Not thread-safe; one view per matching call.
 */
final class EventPropertiesView extends AbstractMap<String, Object> {

    private final Event event;
    private Set<Entry<String, Object>> entries;

    EventPropertiesView(Event event) {
        this.event = event;
    }

    @Override
    public Object get(Object key) {
        return key instanceof String name ? event.getProperty(name) : null;
    }

    @Override
    public boolean containsKey(Object key) {
        return key instanceof String name && event.containsProperty(name);
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        if (entries == null) {
            Map<String, Object> copy = new LinkedHashMap<>();
            for (String name : event.getPropertyNames()) {
                copy.put(name, event.getProperty(name));
            }
            entries = java.util.Collections.unmodifiableMap(copy).entrySet();
        }
        return entries;
    }
}
