package io.tidings.json.internal.pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class IntervalTreeTest {

    @Test
    void findsTheSameRangesAsCheckingEach() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        for (int round = 0; round < 200; round++) {
            List<IntervalTree.Interval> intervals = new ArrayList<>();
            int n = random.nextInt(round < 100 ? 8 : 500);
            for (int id = 0; id < n; id++) {
                double a = end(random);
                double b = end(random);
                intervals.add(new IntervalTree.Interval(Math.min(a, b), Math.max(a, b), id));
            }
            IntervalTree tree = new IntervalTree(intervals);
            for (int q = 0; q < 100; q++) {
                double v = random.nextBoolean() || n == 0 ? end(random)
                        : random.nextBoolean() ? intervals.get(random.nextInt(n)).low
                                : intervals.get(random.nextInt(n)).high;
                Set<Integer> expected = new TreeSet<>();
                for (IntervalTree.Interval i : intervals) {
                    if (i.low <= v && v <= i.high) {
                        expected.add(i.id);
                    }
                }
                IdBuffer found = new IdBuffer();
                tree.collect(v, found);
                Set<Integer> actual = new TreeSet<>();
                for (int id : found.sortedDistinct()) {
                    actual.add(id);
                }
                assertEquals(expected, actual, "seed " + seed + ", value " + v);
                assertEquals(expected.size(), found.size(), "each range once, seed " + seed);
            }
        }
    }

    private static double end(Random random) {
        switch (random.nextInt(10)) {
            case 0:
                return Double.NEGATIVE_INFINITY;
            case 1:
                return Double.POSITIVE_INFINITY;
            case 2:
                return 5;
            default:
                return random.nextInt(40) - 20 + (random.nextBoolean() ? 0.5 : 0);
        }
    }
}
