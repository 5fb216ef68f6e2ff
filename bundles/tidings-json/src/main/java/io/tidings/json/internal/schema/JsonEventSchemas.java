package io.tidings.json.internal.schema;

import java.nio.file.Path;
import java.util.List;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

import io.tidings.api.EventSchemas;
import io.tidings.api.SchemaStatus;
import io.tidings.json.JsonLimits;

/**
 * The {@link EventSchemas} service: the event schemas of the {@code io.tidings.schema} configurations ({@link
 * ConfiguredSchema}) and of the files in the directory named by the framework property {@value #DIRECTORY_PROPERTY}
 * ({@link SchemaDirectory}; the runtime sets it to {@code etc/schemas}), validated by {@link SchemaBook}. tidings-core
 * binds it and validates every typed event before storing or delivering it.
 *
 * <p>Thread-safety: thread-safe.
 */
@Component(service = { EventSchemas.class, JsonEventSchemas.class })
public final class JsonEventSchemas implements EventSchemas {

    /** The framework property naming the schema directory; none is watched without it. */
    public static final String DIRECTORY_PROPERTY = "tidings.schemas.directory";

    private final SchemaBook book = new SchemaBook(JsonLimits.DEFAULT);
    private SchemaDirectory directory;

    @Activate
    void activate(BundleContext context) {
        String dir = context.getProperty(DIRECTORY_PROPERTY);
        if (dir != null && !dir.isBlank()) {
            directory = new SchemaDirectory(Path.of(dir), book, SchemaDirectory.SCAN_INTERVAL);
            directory.start(); // scans once before returning, so schemas on disk are in force from the start
        }
    }

    @Deactivate
    void deactivate() {
        if (directory != null) {
            directory.close();
        }
    }

    @Override
    public List<String> validate(String type, String version, String data) {
        return book.validate(type, version, data);
    }

    @Override
    public List<SchemaStatus> schemas() {
        return book.status();
    }

    /** @return why the schema is not in force, or null when it is */
    String register(String origin, String type, String version, String schema) {
        return book.put(origin, type, version, schema);
    }

    void unregister(String origin) {
        book.remove(origin);
    }
}
