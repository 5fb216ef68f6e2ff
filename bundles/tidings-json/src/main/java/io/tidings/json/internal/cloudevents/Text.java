package io.tidings.json.internal.cloudevents;

import io.tidings.api.InvalidEventException;

/** Checks on text read from JSON, and messages kept to one line. */
final class Text {

    private Text() {
    }

    /**
     * A JSON escape can spell half of a surrogate pair, which no UTF-8 output can hold: such text is refused on read
     * so that whatever is read can be written.
     */
    static String checked(String name, String text, Where at) {
        int i = unpairedSurrogate(text);
        if (i >= 0) {
            throw ReadEvent.problem(name, "has an unpaired surrogate (\\u" + Integer.toHexString(text.charAt(i))
                    + ") at position " + i + ", which UTF-8 cannot hold", at);
        }
        return text;
    }

    /** @return the index of the first unpaired surrogate, or -1 */
    static int unpairedSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /** @return the value in quotes, control characters escaped, cut at 100 characters */
    static String quoted(String value) {
        String v = value.length() <= 100 ? value : value.substring(0, 100) + "...";
        return "'" + escaped(v) + "'";
    }

    /** @return the message with control characters escaped, cut at 1000 characters, so it stays one short line */
    static String clean(String message) {
        return escaped(message.length() <= 1000 ? message : message.substring(0, 1000) + "...");
    }

    static String escaped(String text) {
        StringBuilder s = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                if (s == null) {
                    s = new StringBuilder(text.length() + 8).append(text, 0, i);
                }
                s.append(String.format("\\u%04x", (int) c));
            } else if (s != null) {
                s.append(c);
            }
        }
        return s == null ? text : s.toString();
    }

    static String oneLine(String message) {
        return message == null ? "is not readable JSON" : message.strip().replaceAll("\\s+", " ");
    }
}
