package io.tidings.json.internal.pattern;

import java.util.Arrays;

/**
 * Rule ids by string prefix: a character trie, so that finding every prefix of a value costs one step per character
 * of the value, whatever the number of prefixes. Children are kept in sorted arrays and searched by bisection, which
 * needs no boxing of characters; nothing recurses, so a 64 K character prefix is as safe as a short one.
 *
 * <p>Filled while a {@link RuleIndex} is built, read-only afterwards: safe to share once published.
 */
final class PrefixTrie {

    private static final char[] NO_KEYS = {};
    private static final Node[] NO_CHILDREN = {};

    private final Node root = new Node();

    private static final class Node {
        char[] keys = NO_KEYS;
        Node[] children = NO_CHILDREN;
        int[] ids = RuleIndex.NO_IDS;

        Node child(char c) {
            int at = Arrays.binarySearch(keys, c);
            return at < 0 ? null : children[at];
        }

        Node childOrNew(char c) {
            int at = Arrays.binarySearch(keys, c);
            if (at >= 0) {
                return children[at];
            }
            int insert = -at - 1;
            Node n = new Node();
            char[] k = new char[keys.length + 1];
            Node[] ch = new Node[keys.length + 1];
            System.arraycopy(keys, 0, k, 0, insert);
            System.arraycopy(children, 0, ch, 0, insert);
            k[insert] = c;
            ch[insert] = n;
            System.arraycopy(keys, insert, k, insert + 1, keys.length - insert);
            System.arraycopy(children, insert, ch, insert + 1, keys.length - insert);
            keys = k;
            children = ch;
            return n;
        }
    }

    void add(String prefix, int id) {
        Node n = root;
        for (int i = 0; i < prefix.length(); i++) {
            n = n.childOrNew(prefix.charAt(i));
        }
        int[] ids = Arrays.copyOf(n.ids, n.ids.length + 1);
        ids[ids.length - 1] = id;
        n.ids = ids;
    }

    /** Adds to {@code out} the ids of every prefix of {@code text}, the empty prefix and the whole text included. */
    void collect(String text, IdBuffer out) {
        Node n = root;
        out.addAll(n.ids);
        for (int i = 0; i < text.length(); i++) {
            n = n.child(text.charAt(i));
            if (n == null) {
                return;
            }
            out.addAll(n.ids);
        }
    }
}
