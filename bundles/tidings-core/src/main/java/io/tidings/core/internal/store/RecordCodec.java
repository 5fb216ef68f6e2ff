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
 * <p>Not thread-safe: each instance reuses one CRC and one read window, so that the writer and each reader
 * allocate nothing per record but the payload. Give every thread its own instance.
 */
final class RecordCodec {

    static final byte FORMAT_VERSION = 1;
    static final int HEADER_BYTES = 4 + 4 + 1 + 8 + 8;
    private static final int CRC_FROM = 8;
    static final int WINDOW_BYTES = 64 * 1024;

    private final CRC32C crc = new CRC32C();
    private ByteBuffer window; // bytes [windowStart, windowStart + limit) of windowChannel; made on the first read
    private FileChannel windowChannel;
    private long windowStart;
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
     * Reads the record at {@code position}, which must be {@code expectedOffset}. Reads go through a window of up to
     * {@value #WINDOW_BYTES} bytes of the file kept from the previous read, so that a reader going through a segment
     * makes one read call per window rather than two per record; a record larger than the window is read on its own.
     * The window only ever holds bytes below a {@code limit} given before, which an append-only file never changes.
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
        ByteBuffer w = window(channel, position, HEADER_BYTES, limit);
        int at = (int) (position - windowStart);
        int length = w.getInt(at);
        int storedCrc = w.getInt(at + 4);
        byte version = w.get(at + 8);
        long timestamp = w.getLong(at + 9);
        long offset = w.getLong(at + 17);
        if (length < 0 || length > maxPayloadBytes) {
            throw new CorruptRecordException(file, position, expectedOffset, "impossible length " + length);
        }
        if (limit - position - HEADER_BYTES < length) {
            throw new CorruptRecordException(file, position, expectedOffset, "torn payload");
        }
        byte[] payload = new byte[length];
        crc.reset();
        if (HEADER_BYTES + length <= WINDOW_BYTES) {
            w = window(channel, position, HEADER_BYTES + length, limit);
            at = (int) (position - windowStart);
            crc(w, at + CRC_FROM, at + HEADER_BYTES + length);
            w.get(at + HEADER_BYTES, payload);
        } else {
            crc(w, at + CRC_FROM, at + HEADER_BYTES);
            readFully(channel, ByteBuffer.wrap(payload), position + HEADER_BYTES);
            crc.update(payload);
        }
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

    /**
     * @return the window, holding the {@code need} bytes at {@code position} of {@code channel} (at most
     *         {@value #WINDOW_BYTES}, all below {@code limit}), refilled from {@code position} if it did not
     */
    private ByteBuffer window(FileChannel channel, long position, int need, long limit) throws IOException {
        if (window == null) {
            // Direct: a file read into a heap buffer goes through a temporary direct one and is copied once more.
            window = ByteBuffer.allocateDirect(WINDOW_BYTES);
        }
        if (channel != windowChannel || position < windowStart || position + need > windowStart + window.limit()) {
            windowChannel = null; // until the read below completed
            window.clear().limit((int) Math.min(WINDOW_BYTES, limit - position));
            readFully(channel, window, position);
            windowStart = position;
            windowChannel = channel;
        }
        return window;
    }

    /** Adds {@code w[from, to)} to the CRC; the window's limit is kept (it says how much of the file it holds). */
    private void crc(ByteBuffer w, int from, int to) {
        int limit = w.limit();
        crc.update(w.limit(to).position(from)); // no slice: a new direct buffer object per record costs more
        w.limit(limit);
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
