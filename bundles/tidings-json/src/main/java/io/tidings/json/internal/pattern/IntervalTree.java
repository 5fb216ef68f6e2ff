package io.tidings.json.internal.pattern;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Rule ids by numeric range: a centred interval tree, so that finding the ranges that hold a number costs the depth
 * of the tree (logarithmic: each side of a node holds at most half of the ranges) plus the ranges found, whatever
 * their number. Ranges are stored closed; whether a bound is open is left to the full check of each candidate.
 *
 * <p>Built once, read-only afterwards: safe to share once published. Queries do not recurse.
 */
final class IntervalTree {

    /** One range of one rule. */
    static final class Interval {
        final double low;
        final double high;
        final int id;

        Interval(double low, double high, int id) {
            this.low = low;
            this.high = high;
            this.id = id;
        }
    }

    private static final class Node {
        double center;
        double[] lowsAscending;
        int[] byLow;
        double[] highsDescending;
        int[] byHigh;
        Node left;
        Node right;
    }

    private final Node root;

    IntervalTree(List<Interval> intervals) {
        this.root = build(intervals);
    }

    private static Node build(List<Interval> intervals) {
        if (intervals.isEmpty()) {
            return null;
        }
        double[] ends = new double[intervals.size() * 2];
        for (int i = 0; i < intervals.size(); i++) {
            ends[2 * i] = intervals.get(i).low;
            ends[2 * i + 1] = intervals.get(i).high;
        }
        Arrays.sort(ends);
        Node node = new Node();
        node.center = ends[intervals.size()];
        List<Interval> left = new ArrayList<>();
        List<Interval> right = new ArrayList<>();
        List<Interval> here = new ArrayList<>();
        for (Interval i : intervals) {
            if (i.high < node.center) {
                left.add(i);
            } else if (i.low > node.center) {
                right.add(i);
            } else {
                here.add(i);
            }
        }
        here.sort(Comparator.comparingDouble(i -> i.low));
        node.lowsAscending = here.stream().mapToDouble(i -> i.low).toArray();
        node.byLow = here.stream().mapToInt(i -> i.id).toArray();
        here.sort(Comparator.comparingDouble((Interval i) -> i.high).reversed());
        node.highsDescending = here.stream().mapToDouble(i -> i.high).toArray();
        node.byHigh = here.stream().mapToInt(i -> i.id).toArray();
        node.left = build(left);
        node.right = build(right);
        return node;
    }

    /** Adds to {@code out} the id of every range that holds {@code value}, bounds included. */
    void collect(double value, IdBuffer out) {
        Node n = root;
        while (n != null) {
            if (value < n.center) {
                for (int i = 0; i < n.byLow.length && n.lowsAscending[i] <= value; i++) {
                    out.add(n.byLow[i]);
                }
                n = n.left;
            } else if (value > n.center) {
                for (int i = 0; i < n.byHigh.length && n.highsDescending[i] >= value; i++) {
                    out.add(n.byHigh[i]);
                }
                n = n.right;
            } else {
                out.addAll(n.byLow);
                return;
            }
        }
    }
}
