package io.quarry.connectors;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The columns of a long-format bars table: one timestamp column, the {@code symbol} column, and numeric
 * fields (every other column, in header order). Names are lower-cased.
 *
 * @param timeColumn     index of the timestamp column
 * @param symbolColumn   index of the symbol column
 * @param timeName       name of the timestamp column
 * @param fields         names of the numeric columns
 * @param fieldOfColumn  for each column, its index in {@code fields}, or -1 for the timestamp and symbol
 */
record BarsLayout(int timeColumn, int symbolColumn, String timeName, List<String> fields, int[] fieldOfColumn) {

    static final List<String> TIME_NAMES = List.of("date", "time", "timestamp", "datetime");

    /**
     * @param where location prefix for messages ({@code bars.csv:1} or {@code bars.arrow})
     * @throws DataFormatException when a column is unnamed or repeated, or the timestamp or symbol
     *                             column is missing or ambiguous
     */
    static BarsLayout of(List<String> header, String where) {
        List<String> names = header.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
        String shown = "; header is: " + String.join(",", header);
        Set<String> seen = new HashSet<>();
        List<String> timeNames = new ArrayList<>();
        for (int c = 0; c < names.size(); c++) {
            String name = names.get(c);
            if (name.isEmpty()) {
                throw new DataFormatException(where + ": column " + (c + 1) + " has no name" + shown);
            }
            if (!seen.add(name)) {
                throw new DataFormatException(where + ": column '" + name + "' appears twice" + shown);
            }
            if (TIME_NAMES.contains(name)) {
                timeNames.add(name);
            }
        }
        if (timeNames.isEmpty()) {
            throw new DataFormatException(where + ": no timestamp column (one of "
                    + String.join(", ", TIME_NAMES) + ")" + shown);
        }
        if (timeNames.size() > 1) {
            throw new DataFormatException(where + ": several timestamp columns ('"
                    + String.join("', '", timeNames) + "'); keep one" + shown);
        }
        int symbolColumn = names.indexOf("symbol");
        if (symbolColumn < 0) {
            throw new DataFormatException(where + ": no 'symbol' column" + shown);
        }
        int timeColumn = names.indexOf(timeNames.get(0));
        int[] fieldOfColumn = new int[names.size()];
        List<String> fields = new ArrayList<>();
        for (int c = 0; c < names.size(); c++) {
            if (c == timeColumn || c == symbolColumn) {
                fieldOfColumn[c] = -1;
            } else {
                fieldOfColumn[c] = fields.size();
                fields.add(names.get(c));
            }
        }
        return new BarsLayout(timeColumn, symbolColumn, timeNames.get(0), List.copyOf(fields), fieldOfColumn);
    }

    int columnCount() {
        return fieldOfColumn.length;
    }
}
