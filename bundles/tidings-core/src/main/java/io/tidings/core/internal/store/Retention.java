package io.tidings.core.internal.store;

import java.time.Duration;
import java.util.List;

/**
 * Which whole segments may be deleted: those whose newest record is older than {@code maxAge}, and the oldest ones
 * while the log is larger than {@code maxBytes}. Only a prefix of the log is ever chosen, so the log stays one
 * contiguous range of offsets, and the active segment is never chosen because the writer owns it.
 *
 * <p>The size counts every segment, the active one included. Immutable. {@code null} age or a non-positive size
 * means unbounded.
 */
public record Retention(Duration maxAge, long maxBytes) {

    public static final Retention FOREVER = new Retention(null, 0);

    /** @return how many of the oldest {@code segments} (the last one being active) to delete */
    int deletable(List<Segment> segments, long nowMillis) {
        long total = 0;
        for (Segment s : segments) {
            total += s.size();
        }
        int n = 0;
        while (n < segments.size() - 1) {
            Segment oldest = segments.get(n);
            boolean tooOld = maxAge != null && oldest.newestTimestamp() < nowMillis - maxAge.toMillis();
            boolean tooBig = maxBytes > 0 && total > maxBytes;
            if (!tooOld && !tooBig) {
                break;
            }
            total -= oldest.size();
            n++;
        }
        return n;
    }
}
