package io.tidings.shell.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain text table: a header row and aligned columns separated by two spaces, numbers right-aligned.
 *
 * <p>Not thread-safe: built and rendered by one command.
 */
final class Table {

    private final List<String> headers = new ArrayList<>();
    private final List<Boolean> rightAligned = new ArrayList<>();
    private final List<String[]> rows = new ArrayList<>();

    /** @return this table with a left-aligned column */
    Table text(String header) {
        return column(header, false);
    }

    /** @return this table with a right-aligned column */
    Table number(String header) {
        return column(header, true);
    }

    /**
     * @param cells one value per column, in column order; {@code null} is shown as {@code -}
     * @return this table
     */
    Table row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException(cells.length + " cells for " + headers.size() + " columns");
        }
        String[] row = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            row[i] = cells[i] == null ? "-" : printable(String.valueOf(cells[i]));
        }
        rows.add(row);
        return this;
    }

    /** @return the table, lines separated by {@code '\n'}, without a final line break */
    String render() {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headers.get(i).length();
            for (String[] row : rows) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        appendLine(out, headers.toArray(String[]::new), widths);
        for (String[] row : rows) {
            out.append('\n');
            appendLine(out, row, widths);
        }
        return out.toString();
    }

    private Table column(String header, boolean right) {
        headers.add(header);
        rightAligned.add(right);
        return this;
    }

    private void appendLine(StringBuilder out, String[] cells, int[] widths) {
        int lineStart = out.length();
        for (int i = 0; i < cells.length; i++) {
            String padding = " ".repeat(widths[i] - cells[i].length());
            out.append(rightAligned.get(i) ? padding + cells[i] : cells[i] + padding);
            out.append(i < cells.length - 1 ? "  " : "");
        }
        // The last column, when left-aligned, would leave trailing blanks.
        int end = out.length();
        while (end > lineStart && out.charAt(end - 1) == ' ') {
            end--;
        }
        out.setLength(end);
    }

    // A filter or a bundle name with a line break or an escape sequence must not break the table or the terminal;
    // nor may typed text echoed in an error message.
    static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return out.toString();
    }
}
