package io.tidings.core.internal.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * Frames records on disk (see STORE-FORMAT.md):
 * {@code [length int][crc32c int][version byte][timestamp long][offset long][payload]}, big-endian, where
 * {@code length} is the payload length and the CRC covers every byte after the CRC field.
 *
 * <p>The offset is stored in the record, not only implied by its place, so that a record read from the wrong place
 * (a stale index entry, garbage that happens to pass the CRC of a shorter frame) is caught by the offset check.
 *
 * <p>Not thread-safe: each instance reuses one CRC and one header buffer, so that the writer and each reader
 * allocate nothing per record but the payload. Give every thread its own instance.
 */
final class RecordCodec {

    static final byte FORMAT_VERSION = 1;
    static final int HEADER_BYTES = 4 + 4 + 1 + 8 + 8;
    private static final int CRC_FROM = 8;

    private final CRC32C crc = new CRC32C();
    private final ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
    private final int maxPayloadBytes;

    RecordCodec(int maxPayloadBytes) {
        this.maxPayloadBytes = maxPayloadBytes;
    }

    static int frameSize(int payloadLength) {
        return HEADER_BYTES + payloadLength;
    }

    /** Appends one framed record at the buffer's position; the caller makes room first. */
    void encode(ByteBuffer dst, long offset, long timestamp, byte[] payload) {
        int start = dst.position();
        dst.putInt(payload.length).putInt(0).put(FORMAT_VERSION).putLong(timestamp).putLong(offset).put(payload);
        ByteBuffer covered = dst.duplicate().position(start + CRC_FROM).limit(dst.position());
        crc.reset();
        crc.update(covered);
        dst.putInt(start + 4, (int) crc.getValue());
    }

    /**
     * Reads the record at {@code position}, which must be {@code expectedOffset}.
     *
     * @param limit the end of valid data in the file (bytes at and after it are not read)
     * @return the record, or {@code null} if {@code position == limit} (clean end of data)
     * @throws CorruptRecordException if the record is torn or corrupt
     */
    Record read(FileChannel channel, Path file, long position, long limit, long expectedOffset) throws IOException {
        if (position >= limit) {
            return null;
        }
        if (limit - position < HEADER_BYTES) {
            throw new CorruptRecordException(file, position, expectedOffset, "torn header");
        }
        header.clear();
        readFully(channel, header, position);
        header.flip();
        int length = header.getInt();
        int storedCrc = header.getInt();
        byte version = header.get();
        long timestamp = header.getLong();
        long offset = header.getLong();
        if (length < 0 || length > maxPayloadBytes) {
            throw new CorruptRecordException(file, position, expectedOffset, "impossible length " + length);
        }
        if (limit - position - HEADER_BYTES < length) {
            throw new CorruptRecordException(file, position, expectedOffset, "torn payload");
        }
        byte[] payload = new byte[length];
        ByteBuffer body = ByteBuffer.wrap(payload);
        readFully(channel, body, position + HEADER_BYTES);
        crc.reset();
        crc.update(header.array(), CRC_FROM, HEADER_BYTES - CRC_FROM);
        crc.update(payload);
        if ((int) crc.getValue() != storedCrc) {
            throw new CorruptRecordException(file, position, expectedOffset, "CRC mismatch");
        }
        if (version != FORMAT_VERSION) {
            throw new CorruptRecordException(file, position, expectedOffset, "unknown format version " + version);
        }
        if (offset != expectedOffset) {
            throw new CorruptRecordException(file, position, expectedOffset, "unexpected offset " + offset);
        }
        return new Record(offset, timestamp, payload);
    }

    private static void readFully(FileChannel channel, ByteBuffer dst, long position) throws IOException {
        long at = position;
        while (dst.hasRemaining()) {
            int n = channel.read(dst, at);
            if (n < 0) {
                throw new IOException("unexpected end of file at " + at);
            }
            at += n;
        }
    }
}
