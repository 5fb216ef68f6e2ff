package io.tidings.json.internal.pattern;

import java.util.List;

/**
 * A pattern ready to match: its conditions, all of which must hold. Conditions on envelope fields come first, so that
 * an event they reject is never parsed for the data conditions.
 *
 * <p>Immutable and thread-safe.
 */
public final class CompiledPattern {

    private final Condition[] conditions;

    CompiledPattern(List<Condition> conditions) {
        this.conditions = conditions.stream()
                .sorted((a, b) -> Boolean.compare(a.path().readsData(), b.path().readsData()))
                .toArray(Condition[]::new);
    }

    /** @return whether the event satisfies every condition */
    public boolean matches(EventFields event) {
        for (Condition c : conditions) {
            if (!c.test(event)) {
                return false;
            }
        }
        return true;
    }

    Condition[] conditions() {
        return conditions;
    }
}
