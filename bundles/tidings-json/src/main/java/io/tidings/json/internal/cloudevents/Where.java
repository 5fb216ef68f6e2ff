package io.tidings.json.internal.cloudevents;

import com.fasterxml.jackson.core.JsonLocation;

/**
 * Where in the input a problem is: the event's index in a batch (or -1), the JSON pointer, the line and column.
 *
 * @param index the index of the event in its batch, or -1 for a single event or the batch as a whole
 * @param pointer the JSON pointer, {@code ""} for the whole document
 * @param line the line, from 1, or 0 if unknown
 * @param column the column, from 1, or 0 if unknown
 */
record Where(int index, String pointer, int line, int column) {

    static Where of(int index, String pointer, JsonLocation location) {
        return location == null ? new Where(index, pointer, 0, 0)
                : new Where(index, pointer, Math.max(0, location.getLineNr()), Math.max(0, location.getColumnNr()));
    }

    /** @return the place in words, in parentheses with a leading space, or {@code ""} if nothing is known */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        if (index >= 0) {
            s.append("event ").append(index).append(" of the batch");
        }
        if (!pointer.isEmpty()) {
            s.append(s.length() == 0 ? "" : ", ").append("at ")
                    .append(Text.escaped(pointer.length() <= 120 ? pointer : pointer.substring(0, 120) + "..."));
        }
        if (line > 0) {
            s.append(s.length() == 0 ? "" : ", ").append("line ").append(line).append(", column ").append(column);
        }
        return s.length() == 0 ? "" : " (" + s + ")";
    }
}
