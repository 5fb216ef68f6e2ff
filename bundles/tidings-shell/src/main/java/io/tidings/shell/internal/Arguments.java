package io.tidings.shell.internal;

/**
 * Reads the command arguments that are numbers or names, so that a bad one gets a one-line message naming it,
 * rather than the shell's conversion error.
 *
 * <p>Thread-safe: stateless.
 */
final class Arguments {

    private Arguments() {
    }

    /**
     * @param name the argument's name as the user knows it, for example {@code --from}
     * @param text the argument
     * @return it, stripped
     * @throws IllegalArgumentException if it is missing or blank
     */
    static String name(String name, String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(name + ": missing");
        }
        return text.strip();
    }

    /**
     * @return the offset
     * @throws IllegalArgumentException if {@code text} is not a non-negative integer
     */
    static long offset(String name, String text) {
        String value = name(name, text);
        try {
            long offset = Long.parseLong(value);
            if (offset >= 0) {
                return offset;
            }
        } catch (NumberFormatException e) {
            // reported below, as a negative number is
        }
        throw new IllegalArgumentException(name + ": '" + Table.printable(value)
                + "' is not an offset; expected a non-negative integer such as 42");
    }

    /**
     * @return the count
     * @throws IllegalArgumentException if {@code text} is not an integer from {@code min} to {@code max}
     */
    static int count(String name, String text, int min, int max) {
        String value = name(name, text);
        try {
            int count = Integer.parseInt(value);
            if (count >= min && count <= max) {
                return count;
            }
        } catch (NumberFormatException e) {
            // reported below, as an out-of-range number is
        }
        throw new IllegalArgumentException(
                name + ": '" + Table.printable(value) + "' is not a number from " + min + " to " + max);
    }
}
