package io.tidings.json.internal.cloudevents;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The CloudEvents attribute names Tidings reads and writes, and which metadata can be an extension attribute. */
final class Attributes {

    static final String SPECVERSION = "specversion";
    static final String ID = "id";
    static final String SOURCE = "source";
    static final String TYPE = "type";
    static final String SUBJECT = "subject";
    static final String TIME = "time";
    static final String DATACONTENTTYPE = "datacontenttype";
    static final String DATASCHEMA = "dataschema";
    static final String DATA = "data";
    static final String DATA_BASE64 = "data_base64";
    static final String DATAVERSION = "dataversion";
    static final String PARTITIONKEY = "partitionkey";
    static final String CORRELATIONID = "correlationid";
    static final String CAUSATIONID = "causationid";
    /** The extension that carries the metadata whose keys cannot be extension attributes, as a JSON object text. */
    static final String TIDINGSMETA = "tidingsmeta";

    static final String SPEC_VERSION = "1.0";
    static final String JSON = "application/json";

    /** Names with a meaning of their own; metadata under these names travels in {@link #TIDINGSMETA}. */
    static final Set<String> RESERVED = Set.of(SPECVERSION, ID, SOURCE, TYPE, SUBJECT, TIME, DATACONTENTTYPE, DATA,
            DATAVERSION, PARTITIONKEY, CORRELATIONID, CAUSATIONID, TIDINGSMETA);

    /** Envelope field (as {@code InvalidEventException.field()} names it) to the attribute that carries it. */
    static final Map<String, String> OF_FIELD = Map.of("id", ID, "type", TYPE, "source", SOURCE, "topic", SUBJECT,
            "version", DATAVERSION, "key", PARTITIONKEY, "correlationId", CORRELATIONID, "causationId", CAUSATIONID,
            "data", DATA);

    private static final Pattern NAME = Pattern.compile("[a-z0-9]+");
    private static final Pattern EXTENSION = Pattern.compile("[a-z][a-z0-9]{0,19}");
    private static final Pattern JSON_SUBTYPE = Pattern.compile("[a-z0-9!#$&^_.+-]+/[a-z0-9!#$&^_.+-]*\\+json");

    private Attributes() {
    }

    /** @return whether the name is a CloudEvents attribute name: lowercase letters and digits */
    static boolean isName(String name) {
        return NAME.matcher(name).matches();
    }

    /**
     * @return whether a metadata entry is written as an extension attribute of its own name: the name is one
     *         CloudEvents recommends (a-z0-9, at most 20, here starting with a letter as metadata keys do) and not
     *         reserved; {@code dataschema} only when it is an absolute URI, as CloudEvents requires
     */
    static boolean isExtension(String key, String value) {
        if (!EXTENSION.matcher(key).matches() || RESERVED.contains(key)) {
            return false;
        }
        return !DATASCHEMA.equals(key) || isAbsoluteUri(value);
    }

    static boolean isAbsoluteUri(String value) {
        try {
            return new URI(value).isAbsolute();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** @return whether a {@code datacontenttype} says JSON: application/json or any type ending in +json */
    static boolean isJsonContentType(String contentType) {
        int semicolon = contentType.indexOf(';');
        String mediaType = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip()
                .toLowerCase(Locale.ROOT);
        return JSON.equals(mediaType) || JSON_SUBTYPE.matcher(mediaType).matches();
    }
}
