package io.tidings.api;

/**
 * One registered event schema.
 *
 * @param type the event type it applies to
 * @param version its version, {@code major.minor}
 * @param origin where it was registered from: a configuration PID or a file
 * @param validated events validated against it since it was registered
 * @param rejected events refused by it since it was registered
 * @param problem why the schema is not in force (invalid JSON Schema, incompatible with an earlier version of the
 *        same major), or {@code null} when it is
 */
public record SchemaStatus(String type, String version, String origin, long validated, long rejected,
        String problem) {
}
