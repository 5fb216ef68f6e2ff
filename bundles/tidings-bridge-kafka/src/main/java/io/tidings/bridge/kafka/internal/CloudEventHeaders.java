package io.tidings.bridge.kafka.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The names of the CloudEvents Kafka binding (binary mode: {@code ce_<attribute>} headers and {@code content-type})
 * and the extension attributes Tidings uses, the same as tidings-json's CloudEventsJson so that both modes carry an
 * envelope alike: {@code dataversion} (version), {@code partitionkey} (key, also the record key),
 * {@code correlationid}, {@code causationid}, and {@code tidingsmeta} for metadata whose key cannot be an extension
 * name. Stateless.
 */
final class CloudEventHeaders {

    static final String PREFIX = "ce_";
    static final String CONTENT_TYPE = "content-type";
    static final String SPECVERSION = "specversion";
    static final String ID = "id";
    static final String SOURCE = "source";
    static final String TYPE = "type";
    static final String SUBJECT = "subject";
    static final String TIME = "time";
    static final String DATACONTENTTYPE = "datacontenttype";
    static final String DATASCHEMA = "dataschema";
    static final String DATAVERSION = "dataversion";
    static final String PARTITIONKEY = "partitionkey";
    static final String CORRELATIONID = "correlationid";
    static final String CAUSATIONID = "causationid";
    static final String TIDINGSMETA = "tidingsmeta";
    /** Metadata keeping a received event's {@code subject} when it is not the bus topic it is published on. */
    static final String CESUBJECT = "cesubject";

    static final String SPEC_VERSION = "1.0";
    static final String JSON = "application/json";
    static final String STRUCTURED_PREFIX = "application/cloudevents";

    /** Attribute names with a meaning of their own: metadata under these names travels in {@code tidingsmeta}. */
    static final Set<String> RESERVED = Set.of(SPECVERSION, ID, SOURCE, TYPE, SUBJECT, TIME, DATACONTENTTYPE, "data",
            DATAVERSION, PARTITIONKEY, CORRELATIONID, CAUSATIONID, TIDINGSMETA, "data_base64");

    private static final Pattern EXTENSION = Pattern.compile("[a-z][a-z0-9]{0,19}");
    private static final Pattern JSON_SUBTYPE = Pattern.compile("[a-z0-9!#$&^_.+-]+/[a-z0-9!#$&^_.+-]*\\+json");

    private CloudEventHeaders() {
    }

    /** @return whether a metadata entry goes out as a {@code ce_<key>} header of its own */
    static boolean isExtension(String key, String value) {
        if (!EXTENSION.matcher(key).matches() || RESERVED.contains(key)) {
            return false;
        }
        if (!DATASCHEMA.equals(key)) {
            return true;
        }
        try {
            return new URI(value).isAbsolute();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /** @return whether a content type says JSON: application/json or any {@code +json} type, parameters allowed */
    static boolean isJson(String contentType) {
        int semicolon = contentType.indexOf(';');
        String media = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip()
                .toLowerCase(java.util.Locale.ROOT);
        return JSON.equals(media) || JSON_SUBTYPE.matcher(media).matches();
    }
}
