package io.tidings.json.internal.schema;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The version of an event schema, {@code major.minor}: what schemas are registered under, and what an event's
 * {@code tidings.version} ({@code major[.minor[.patch]]}) is read as, its patch ignored. Ordered by major, then minor.
 *
 * <p>Immutable.
 */
record SchemaVersion(int major, int minor) implements Comparable<SchemaVersion> {

    private static final Pattern SYNTAX = Pattern.compile("(0|[1-9][0-9]{0,8})(?:\\.(0|[1-9][0-9]{0,8}))?"
            + "(?:\\.(?:0|[1-9][0-9]{0,8}))?");

    /** The version of an event that carries none, as {@code Envelope} defaults it. */
    static final SchemaVersion DEFAULT = new SchemaVersion(1, 0);

    /**
     * @param text {@code major}, {@code major.minor} or {@code major.minor.patch}, digits without leading zeros
     * @return the version, {@code minor} 0 when absent
     * @throws IllegalArgumentException naming the text, if it is not such a version
     */
    static SchemaVersion parse(String text) {
        Matcher m = text == null ? null : SYNTAX.matcher(text);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("version '" + text + "' is not major[.minor[.patch]] (e.g. 1, 1.2)");
        }
        return new SchemaVersion(Integer.parseInt(m.group(1)), m.group(2) == null ? 0 : Integer.parseInt(m.group(2)));
    }

    @Override
    public int compareTo(SchemaVersion o) {
        return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
