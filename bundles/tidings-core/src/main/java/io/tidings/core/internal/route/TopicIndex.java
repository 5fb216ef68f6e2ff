package io.tidings.core.internal.route;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;

import io.tidings.api.Topics;

/**
 * Finds the subscribers of a topic among exact, {@code prefix/*} and {@code *} subscriptions.
 *
 * <p>An index is an immutable snapshot: subscriptions change by building a new index, so that lookups take no lock.
 * A lookup costs one hash probe per topic level on its first call for a topic; the answer is then cached, so the
 * steady-state cost is one hash probe whatever the number of subscriptions. The cache is bounded: past
 * {@link #MAX_CACHED_TOPICS} distinct topics, answers are computed each time instead of growing memory.
 *
 * <p>Thread-safe once built.
 *
 * @param <S> the subscriber type
 */
public final class TopicIndex<S> {

    /** The number of distinct topics whose answers are cached. */
    public static final int MAX_CACHED_TOPICS = 16_384;

    private final Map<String, List<S>> exact;
    private final Map<String, List<S>> prefixes;
    private final List<S> any;
    private final IntFunction<S[]> arrays;
    private final S[] none;
    private final ConcurrentHashMap<String, S[]> cache = new ConcurrentHashMap<>();

    private TopicIndex(Builder<S> b) {
        this.exact = b.exact;
        this.prefixes = b.prefixes;
        this.any = b.any;
        this.arrays = b.arrays;
        this.none = b.arrays.apply(0);
    }

    /**
     * @param arrays creates arrays of the subscriber type, for example {@code Handler[]::new}
     * @param <S> the subscriber type
     * @return an empty builder
     */
    public static <S> Builder<S> builder(IntFunction<S[]> arrays) {
        return new Builder<>(arrays);
    }

    /**
     * @param topic a legal topic
     * @return its subscribers, each once, in the order they were added; the array must not be modified
     */
    public S[] match(String topic) {
        S[] cached = cache.get(topic);
        if (cached != null) {
            return cached;
        }
        S[] found = compute(topic);
        if (cache.size() < MAX_CACHED_TOPICS) {
            cache.putIfAbsent(topic, found);
        }
        return found;
    }

    private S[] compute(String topic) {
        List<S> hits = new ArrayList<>(any);
        List<S> exactHits = exact.get(topic);
        if (exactHits != null) {
            hits.addAll(exactHits);
        }
        if (!prefixes.isEmpty()) {
            for (int slash = topic.indexOf('/'); slash > 0; slash = topic.indexOf('/', slash + 1)) {
                List<S> prefixHits = prefixes.get(topic.substring(0, slash));
                if (prefixHits != null) {
                    hits.addAll(prefixHits);
                }
            }
        }
        if (hits.isEmpty()) {
            return none;
        }
        Set<S> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<S> unique = new ArrayList<>(hits.size());
        for (S s : hits) {
            if (seen.add(s)) {
                unique.add(s);
            }
        }
        return unique.toArray(arrays.apply(unique.size()));
    }

    /**
     * Collects subscriptions. Not thread-safe.
     *
     * @param <S> the subscriber type
     */
    public static final class Builder<S> {
        private final Map<String, List<S>> exact = new HashMap<>();
        private final Map<String, List<S>> prefixes = new HashMap<>();
        private final List<S> any = new ArrayList<>();
        private final IntFunction<S[]> arrays;

        private Builder(IntFunction<S[]> arrays) {
            this.arrays = arrays;
        }

        /**
         * @param pattern a topic, {@code "*"} or {@code "prefix/*"}
         * @param subscriber who wants events matching it
         * @return this builder
         * @throws io.tidings.api.InvalidEventException naming the pattern if it is not legal
         */
        public Builder<S> add(String pattern, S subscriber) {
            Topics.requirePattern(pattern);
            if (Topics.ANY.equals(pattern)) {
                any.add(subscriber);
            } else if (pattern.endsWith("/*")) {
                prefixes.computeIfAbsent(pattern.substring(0, pattern.length() - 2), k -> new ArrayList<>())
                        .add(subscriber);
            } else {
                exact.computeIfAbsent(pattern, k -> new ArrayList<>()).add(subscriber);
            }
            return this;
        }

        /** @return the immutable index */
        public TopicIndex<S> build() {
            return new TopicIndex<>(this);
        }
    }
}
