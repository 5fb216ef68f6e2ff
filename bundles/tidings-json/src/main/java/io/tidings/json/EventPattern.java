package io.tidings.json;

import io.tidings.json.internal.pattern.CompiledPattern;
import io.tidings.json.internal.pattern.PatternCompiler;

/**
 * A content pattern in the style of Amazon EventBridge, compiled once and matched against any number of events.
 *
 * <p>A pattern is a JSON object. Its top-level fields name envelope fields ({@code id}, {@code type},
 * {@code version}, {@code time}, {@code source}, {@code topic}, {@code key}, {@code correlationId},
 * {@code causationId}), {@code metadata} (an object of metadata keys) or {@code data} (an object mirroring the
 * event's JSON data, nested as deep as needed). Each leaf is a non-empty array of alternatives:
 *
 * <ul>
 * <li>a literal: string, number, boolean or null, equal to the value (numbers compared numerically as doubles);</li>
 * <li>{@code {"prefix": "ord_"}}, {@code {"suffix": "_eu"}}: a string starting or ending so;</li>
 * <li>{@code {"anything-but": "x"}}, {@code {"anything-but": ["x", 5]}}, {@code {"anything-but": {"prefix": "t"}}}
 * (or {@code suffix}): a value that is none of these, or a string not starting (ending) so;</li>
 * <li>{@code {"numeric": [">", 0, "<=", 5]}} or {@code {"numeric": ["=", 5]}}: a JSON number in the range;</li>
 * <li>{@code {"exists": true}}: any value at all, null included; {@code {"exists": false}}: no value;</li>
 * <li>{@code {"wildcard": "ord_*_eu"}}: a string matching the glob; {@code \*} is a literal star.</li>
 * </ul>
 *
 * <p>An event matches when every leaf (AND) has a value satisfying one of its alternatives (OR). Arrays in the data
 * are transparent: a leaf is satisfied when any element is, and a path continues through every element of an array
 * it meets, so {@code {"data": {"items": {"productId": ["p1"]}}}} matches when some element of {@code items} has
 * {@code productId} {@code "p1"} (what {@code data.items[*].productId} would say; there is no bracket notation). Each
 * leaf is evaluated on its own: {@code productId} and {@code quantity} leaves under {@code items} may be satisfied by
 * different elements. Envelope fields and metadata are strings, so numeric alternatives never match them.
 *
 * <p>Invalid patterns are rejected with an {@link InvalidPatternException} pointing at the offending part. Patterns
 * are bounded to 64 K characters and 32 levels of nesting.
 *
 * <p>Immutable and thread-safe.
 */
public final class EventPattern {

    private final String json;
    private final CompiledPattern compiled;

    private EventPattern(String json, CompiledPattern compiled) {
        this.json = json;
        this.compiled = compiled;
    }

    /**
     * @param json the pattern's JSON text
     * @return the compiled pattern
     * @throws InvalidPatternException if the text is not a valid pattern; the message points at the offending part
     */
    public static EventPattern compile(String json) {
        return new EventPattern(json, PatternCompiler.compile(json));
    }

    /**
     * @param event the event
     * @return whether the event satisfies every field of this pattern
     */
    public boolean matches(EventView event) {
        return compiled.matches(event.fields());
    }

    /** @return the JSON text the pattern was compiled from */
    public String json() {
        return json;
    }

    CompiledPattern compiled() {
        return compiled;
    }

    @Override
    public String toString() {
        return json;
    }
}
