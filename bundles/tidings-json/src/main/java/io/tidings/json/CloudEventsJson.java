package io.tidings.json;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Objects;

import io.tidings.api.Envelope;
import io.tidings.api.InvalidEventException;
import io.tidings.json.internal.cloudevents.CloudEventCodec;

/**
 * The CloudEvents 1.0 JSON format (structured mode) of an {@link Envelope}, for one event
 * ({@value #CONTENT_TYPE}) and for batches ({@value #BATCH_CONTENT_TYPE}, a JSON array of events). An envelope read
 * becomes an OSGi Event with {@link Envelope#toEventProperties()}, and an Event's envelope is
 * {@link Envelope#fromEventProperties(String, java.util.Map)}.
 *
 * <table>
 * <caption>Envelope fields and CloudEvents attributes</caption>
 * <tr><th>Envelope</th><th>CloudEvents</th><th>Notes</th></tr>
 * <tr><td>-</td><td>{@code specversion}</td><td>{@code "1.0"}; required on read, other versions refused</td></tr>
 * <tr><td>{@code id}</td><td>{@code id}</td><td>required</td></tr>
 * <tr><td>{@code source}</td><td>{@code source}</td><td>required</td></tr>
 * <tr><td>{@code type}</td><td>{@code type}</td><td>required</td></tr>
 * <tr><td>{@code topic}</td><td>{@code subject}</td><td>required on read, checked as a topic</td></tr>
 * <tr><td>{@code time}</td><td>{@code time}</td><td>RFC 3339; written as {@link java.time.Instant#toString()};
 * absent on read: the time of reading</td></tr>
 * <tr><td>-</td><td>{@code datacontenttype}</td><td>{@code application/json} when there is data; read: absent,
 * {@code application/json} or a {@code +json} type, others refused</td></tr>
 * <tr><td>{@code data}</td><td>{@code data}</td><td>the JSON value itself, its text carried verbatim; absent or
 * {@code null} is {@code "null"}; {@code data_base64} is refused</td></tr>
 * <tr><td>{@code version}</td><td>{@code dataversion}</td><td>extension; absent on read: {@code "1.0"}</td></tr>
 * <tr><td>{@code key}</td><td>{@code partitionkey}</td><td>Partitioning extension</td></tr>
 * <tr><td>{@code correlationId}</td><td>{@code correlationid}</td><td>extension</td></tr>
 * <tr><td>{@code causationId}</td><td>{@code causationid}</td><td>extension</td></tr>
 * <tr><td>{@code metadata}</td><td>extensions, {@code tidingsmeta}</td><td>see below</td></tr>
 * </table>
 *
 * <p><b>Metadata.</b> An entry whose key is a CloudEvents extension name (a lowercase letter, then lowercase letters
 * and digits, at most 20 in all) and not one of the names above is written as an extension attribute of that name
 * ({@code dataschema} only when its value is an absolute URI, as CloudEvents requires). Every other entry
 * ({@code traceId}, {@code app.env}, {@code id}, ...) is carried in the one extension {@code tidingsmeta}, a string
 * holding a JSON object of strings. Writing never refuses metadata, and reading gives back exactly what was written.
 *
 * <p><b>Reading other producers' events.</b> An unknown extension attribute becomes metadata under its name: a string
 * as it is, a number or boolean as its JSON text ({@code 42}, {@code true}); a {@code null} attribute is absent. An
 * extension whose value is an object or array, whose name starts with a digit, or a member whose name is not a
 * CloudEvents attribute name (upper case, {@code '_'}, ...) is refused. {@code dataschema}, an absolute URI, becomes
 * the metadata {@code dataschema}. A key both in {@code tidingsmeta} and as an extension is refused.
 *
 * <p><b>Errors.</b> Every malformed input raises one {@link InvalidEventException} whose {@link
 * InvalidEventException#field() field} is the attribute ({@code "time"}, {@code "subject"}, {@code "data"}, ...),
 * or {@code "json"} for the syntax, the encoding and the limits; the message says what is wrong and where: the
 * event's index in a batch, the JSON pointer, the line and column. Input is bounded by {@link JsonLimits}; duplicate
 * member names, trailing content and JSON extensions (comments, {@code NaN}, single quotes) are refused, and no type
 * information in the input is ever acted on. Writing refuses, in the same way, what could not be read back equal:
 * data that is not exactly one JSON value (whitespace around it included) or nests too deeply, and output over
 * {@link JsonLimits#maxBytes()}. Reading what was written gives an equal envelope.
 *
 * <p>Immutable and thread-safe.
 */
public final class CloudEventsJson {

    /** The media type of one CloudEvent in structured mode. */
    public static final String CONTENT_TYPE = "application/cloudevents+json";

    /** The media type of a batch of CloudEvents: a JSON array of them. */
    public static final String BATCH_CONTENT_TYPE = "application/cloudevents-batch+json";

    private static final CloudEventsJson DEFAULT = new CloudEventsJson(JsonLimits.DEFAULT);

    private final JsonLimits limits;
    private final CloudEventCodec codec;

    private CloudEventsJson(JsonLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.codec = new CloudEventCodec(limits);
    }

    /** @return the codec with the {@link JsonLimits#DEFAULT default limits} */
    public static CloudEventsJson create() {
        return DEFAULT;
    }

    /** @param limits the bounds on input and output @return a codec with those limits */
    public static CloudEventsJson create(JsonLimits limits) {
        return new CloudEventsJson(limits);
    }

    /** @return the limits of this codec */
    public JsonLimits limits() {
        return limits;
    }

    /**
     * Reads one CloudEvent.
     *
     * @param json a CloudEvent in JSON, UTF-8
     * @return its envelope
     * @throws InvalidEventException if the input is not a CloudEvent that makes a valid envelope
     */
    public Envelope read(byte[] json) {
        return codec.read(Objects.requireNonNull(json, "json"));
    }

    /**
     * Reads one CloudEvent from a stream, up to the end of the stream, which is not closed. At most
     * {@link JsonLimits#maxBytes()} + 1 bytes are read before a too long input is refused.
     *
     * @param in a CloudEvent in JSON, UTF-8
     * @return its envelope
     * @throws InvalidEventException if the input is not a CloudEvent that makes a valid envelope
     * @throws IOException if the stream cannot be read
     */
    public Envelope read(InputStream in) throws IOException {
        return codec.read(bounded(in));
    }

    /**
     * Reads a batch of CloudEvents ({@value #BATCH_CONTENT_TYPE}).
     *
     * @param json a JSON array of CloudEvents, UTF-8
     * @return their envelopes, in order; empty for {@code []}
     * @throws InvalidEventException for the first problem, naming the event's index
     */
    public List<Envelope> readBatch(byte[] json) {
        return codec.readBatch(Objects.requireNonNull(json, "json"));
    }

    /**
     * Reads a batch of CloudEvents from a stream, as {@link #read(InputStream)} reads one.
     *
     * @param in a JSON array of CloudEvents, UTF-8
     * @return their envelopes, in order
     * @throws InvalidEventException for the first problem, naming the event's index
     * @throws IOException if the stream cannot be read
     */
    public List<Envelope> readBatch(InputStream in) throws IOException {
        return codec.readBatch(bounded(in));
    }

    /**
     * @param envelope an envelope
     * @return it as one CloudEvent in JSON, UTF-8
     * @throws InvalidEventException if its data is not exactly one JSON value within the limits, or the output
     *             would be over {@link JsonLimits#maxBytes()}
     */
    public byte[] write(Envelope envelope) {
        return codec.write(Objects.requireNonNull(envelope, "envelope"));
    }

    /**
     * @param envelopes envelopes
     * @return them as a batch ({@value #BATCH_CONTENT_TYPE}) in JSON, UTF-8
     * @throws InvalidEventException as {@link #write(Envelope)}, naming the event's index; or if the batch would
     *             be over {@link JsonLimits#maxBytes()}
     */
    public byte[] writeBatch(List<Envelope> envelopes) {
        for (Envelope e : Objects.requireNonNull(envelopes, "envelopes")) {
            Objects.requireNonNull(e, "envelopes holds null");
        }
        return codec.writeBatch(envelopes);
    }

    private byte[] bounded(InputStream in) throws IOException {
        return Objects.requireNonNull(in, "in").readNBytes(Math.min(limits.maxBytes(), Integer.MAX_VALUE - 8) + 1);
    }
}
