package io.tidings.shell.internal;

import java.util.List;

import io.tidings.api.SchemaStatus;

/**
 * The {@code tidings:schemas} table: each registered event schema with where it came from, what it validated and
 * refused, and why it is not in force when it is not.
 *
 * <p>Stateless.
 */
final class SchemaTable {

    private SchemaTable() {
    }

    /**
     * @param schemas the registered schemas, or null when no schema registry is running
     * @return the table, or one line when there is nothing to show
     */
    static String render(List<SchemaStatus> schemas) {
        if (schemas == null) {
            return "No schema registry: the tidings-json bundle is not active";
        }
        if (schemas.isEmpty()) {
            return "No schemas (io.tidings.schema configurations or files in etc/schemas/)";
        }
        Table table = new Table().text("TYPE").text("VERSION").text("ORIGIN").number("VALIDATED").number("REJECTED")
                .text("PROBLEM");
        for (SchemaStatus s : schemas) {
            table.row(s.type(), s.version(), s.origin(), s.validated(), s.rejected(), s.problem());
        }
        return table.render();
    }
}
