package io.tidings.it.karaf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of the {@code tidings:bridges} table, read as a user reads them: a header line, then one line per bridge
 * direction, columns separated by at least two spaces. Stateless.
 */
final class BridgeRows {

    private BridgeRows() {
    }

    /** @return one map per row, column header to cell text; empty if the output is not the table */
    static List<Map<String, String>> parse(String output) {
        List<Map<String, String>> rows = new ArrayList<>();
        String[] headers = null;
        for (String line : output.split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.trim().split(" {2,}");
            if (headers == null) {
                if (!line.startsWith("BRIDGE")) {
                    continue;
                }
                headers = cells;
                continue;
            }
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < headers.length && i < cells.length; i++) {
                row.put(headers[i], cells[i]);
            }
            rows.add(row);
        }
        return rows;
    }
}
