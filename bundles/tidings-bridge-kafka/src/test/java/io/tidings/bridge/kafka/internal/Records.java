package io.tidings.bridge.kafka.internal;

import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

/** Test fixture: a produced record as the consumer would receive it. */
final class Records {

    private Records() {
    }

    static ConsumerRecord<byte[], byte[]> received(ProducerRecord<byte[], byte[]> r, long offset) {
        return new ConsumerRecord<>(r.topic(), 0, offset, 1_700_000_000_000L, TimestampType.CREATE_TIME,
                r.key() == null ? -1 : r.key().length, r.value() == null ? -1 : r.value().length, r.key(), r.value(),
                new RecordHeaders(r.headers().toArray()), Optional.empty());
    }

    static ConsumerRecord<byte[], byte[]> plain(byte[] key, byte[] value, RecordHeaders headers) {
        return new ConsumerRecord<>("plain.topic", 2, 42, 1_700_000_000_000L, TimestampType.CREATE_TIME,
                key == null ? -1 : key.length, value == null ? -1 : value.length, key, value, headers,
                Optional.empty());
    }
}
