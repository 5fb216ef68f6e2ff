package io.tidings.shell.internal;

import java.util.ArrayList;
import java.util.List;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/** An EventAdmin that keeps what is posted. */
final class RecordingEventAdmin implements EventAdmin {

    final List<Event> posted = new ArrayList<>();

    @Override
    public void postEvent(Event event) {
        posted.add(event);
    }

    @Override
    public void sendEvent(Event event) {
        throw new AssertionError("the shell posts, it never sends");
    }
}
