package io.tidings.json.internal.cloudevents;

import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;

import io.tidings.api.Envelope;
import io.tidings.json.JsonLimits;

/**
 * The CloudEvents JSON codec behind {@code io.tidings.json.CloudEventsJson}: one Jackson factory, configured once
 * with the limits, shared by every read and write. Only Jackson's streaming parser is used, so no input can name a
 * class to instantiate. Thread-safe.
 */
public final class CloudEventCodec {

    private final JsonLimits limits;
    private final JsonFactory factory;
    private final CloudEventWriter writer;

    /** @param limits the bounds on what is read and written */
    public CloudEventCodec(JsonLimits limits) {
        this.limits = limits;
        this.factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxDocumentLength(limits.maxBytes())
                        .maxNestingDepth(limits.maxDepth())
                        .maxStringLength(limits.maxStringLength())
                        .maxNameLength(limits.maxStringLength())
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .build();
        this.writer = new CloudEventWriter(factory, limits);
    }

    /** @param json one CloudEvent @return its envelope */
    public Envelope read(byte[] json) {
        return new CloudEventParser(factory, limits, json).event();
    }

    /** @param json a JSON array of CloudEvents @return their envelopes, in order */
    public List<Envelope> readBatch(byte[] json) {
        return new CloudEventParser(factory, limits, json).batch();
    }

    /** @param envelope an envelope @return it as one CloudEvent, UTF-8 */
    public byte[] write(Envelope envelope) {
        return writer.event(envelope);
    }

    /** @param envelopes envelopes @return them as a JSON array of CloudEvents, UTF-8 */
    public byte[] writeBatch(List<Envelope> envelopes) {
        return writer.batch(envelopes);
    }
}
