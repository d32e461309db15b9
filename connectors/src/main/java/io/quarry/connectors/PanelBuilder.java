package io.quarry.connectors;

import io.quarry.dsl.panel.Groups;
import io.quarry.dsl.panel.Panel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Accumulates long-format rows (timestamp, symbol, values) in any order and lays them out as a
 * {@link Panel}: the calendar is the sorted set of distinct timestamps, the symbols are sorted, and a
 * (timestamp, symbol) pair without a row has no bar and NaN fields.
 *
 * <p>Rows are added in three steps so that a reader can write parsed numbers straight into the column
 * storage: {@link #beginRow()}, {@link #set(int, double)} per field, {@link #commitRow(int, int, long)};
 * a row with a problem is simply not committed.
 */
final class PanelBuilder {

    private final ErrorLog errors;
    private final String timeColumn;
    private final List<String> fields;

    private final Map<String, Integer> idOfText = new HashMap<>();
    private final Map<String, Integer> idOfCanonical = new HashMap<>();
    private final List<String> canonicalTimestamps = new ArrayList<>();
    private long firstTimestampLine;
    private byte[] lastText = new byte[32];
    private int lastTextLength = -1;
    private int lastTextId;

    private final Map<String, Integer> idOfSymbol = new HashMap<>();
    private final List<String> symbols = new ArrayList<>();

    private int rows;
    private int[] rowTimestamp = new int[1 << 14];
    private int[] rowSymbol = new int[1 << 14];
    private long[] rowLine = new long[1 << 14];
    private final double[][] values;

    PanelBuilder(ErrorLog errors, String timeColumn, List<String> fields) {
        this.errors = errors;
        this.timeColumn = timeColumn;
        this.fields = List.copyOf(fields);
        this.values = new double[fields.size()][1 << 14];
    }

    /**
     * The id of the timestamp written in {@code b[off, off+len)}, or -1 after logging why it is bad.
     * Consecutive rows usually share a timestamp, so the previous text is compared first.
     */
    int timestamp(byte[] b, int off, int len, long line) {
        if (len == lastTextLength && Arrays.equals(b, off, off + len, lastText, 0, len)) {
            return lastTextId;
        }
        int id = timestamp(new String(b, off, len, StandardCharsets.UTF_8), line);
        if (id >= 0) {
            if (lastText.length < len) {
                lastText = new byte[len];
            }
            System.arraycopy(b, off, lastText, 0, len);
            lastTextLength = len;
            lastTextId = id;
        }
        return id;
    }

    /** The id of a timestamp text, or -1 after logging why it is bad; each distinct text is parsed once. */
    int timestamp(String text, long line) {
        Integer known = idOfText.get(text);
        if (known != null) {
            return known;
        }
        String canonical = Timestamps.canonical(text);
        if (canonical == null) {
            errors.add(line, column(timeColumn) + quote(text) + " is not " + Timestamps.EXPECTED);
            return -1;
        }
        if (!canonicalTimestamps.isEmpty()
                && Timestamps.isDate(canonical) != Timestamps.isDate(canonicalTimestamps.get(0))) {
            errors.add(line, column(timeColumn) + quote(text) + " is a " + kind(canonical)
                    + " but line " + firstTimestampLine + " has a " + kind(canonicalTimestamps.get(0))
                    + " (" + canonicalTimestamps.get(0) + "); a file must not mix dates and date-times");
            return -1;
        }
        Integer id = idOfCanonical.get(canonical);
        if (id == null) {
            if (canonicalTimestamps.isEmpty()) {
                firstTimestampLine = line;
            }
            id = canonicalTimestamps.size();
            canonicalTimestamps.add(canonical);
            idOfCanonical.put(canonical, id);
        }
        idOfText.put(text, id);
        return id;
    }

    /** The id of the symbol in {@code b[off, off+len)}, or -1 after logging that it is empty. */
    int symbol(byte[] b, int off, int len, long line) {
        if (len == 0) {
            errors.add(line, column("symbol") + "empty symbol");
            return -1;
        }
        return symbol(new String(b, off, len, StandardCharsets.UTF_8));
    }

    int symbol(String name) {
        Integer id = idOfSymbol.get(name);
        if (id == null) {
            id = symbols.size();
            symbols.add(name);
            idOfSymbol.put(name, id);
        }
        return id;
    }

    /** Makes room for one more row; the values set next belong to it. */
    void beginRow() {
        if (rows == rowTimestamp.length) {
            int capacity = rows * 2;
            rowTimestamp = Arrays.copyOf(rowTimestamp, capacity);
            rowSymbol = Arrays.copyOf(rowSymbol, capacity);
            rowLine = Arrays.copyOf(rowLine, capacity);
            for (int f = 0; f < values.length; f++) {
                values[f] = Arrays.copyOf(values[f], capacity);
            }
        }
    }

    void set(int field, double value) {
        values[field][rows] = value;
    }

    void commitRow(int timestamp, int symbol, long line) {
        rowTimestamp[rows] = timestamp;
        rowSymbol[rows] = symbol;
        rowLine[rows] = line;
        rows++;
    }

    /**
     * The panel of all committed rows.
     *
     * @throws DataFormatException listing the problems logged while reading, duplicate
     *                             (timestamp, symbol) rows, or an input without rows
     */
    Panel build(Groups groups) {
        errors.throwIfAny();
        if (rows == 0) {
            throw errors.fileProblem("no data rows after the header");
        }
        int[] rowOfTimestamp = ranks(canonicalTimestamps);
        int[] indexOfSymbol = ranks(symbols);
        int t = canonicalTimestamps.size();
        int cells = t * symbols.size();
        boolean[] hasBar = new boolean[cells];
        int[] cell = new int[rows];
        for (int r = 0; r < rows; r++) {
            int c = indexOfSymbol[rowSymbol[r]] * t + rowOfTimestamp[rowTimestamp[r]];
            if (hasBar[c] && !reportDuplicate(r)) {
                break;
            }
            hasBar[c] = true;
            cell[r] = c;
        }
        errors.throwIfAny();
        Map<String, double[]> panelFields = new LinkedHashMap<>();
        for (int f = 0; f < fields.size(); f++) {
            double[] column = new double[cells];
            Arrays.fill(column, Double.NaN);
            double[] source = values[f];
            for (int r = 0; r < rows; r++) {
                column[cell[r]] = source[r];
            }
            panelFields.put(fields.get(f), column);
        }
        return new Panel(sorted(canonicalTimestamps), sorted(symbols), panelFields, hasBar, groups);
    }

    /** Logs row r as a duplicate of the earlier row with its timestamp and symbol; false when the log is full. */
    private boolean reportDuplicate(int r) {
        int first = 0;
        while (rowTimestamp[first] != rowTimestamp[r] || rowSymbol[first] != rowSymbol[r]) {
            first++;
        }
        return errors.add(rowLine[r], "duplicate row for " + timeColumn + " "
                + canonicalTimestamps.get(rowTimestamp[r]) + " and symbol " + symbols.get(rowSymbol[r])
                + ", same as at " + errors.where(rowLine[first]));
    }

    /** For each id, its position once the names are sorted. */
    private static int[] ranks(List<String> names) {
        Integer[] order = new Integer[names.size()];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparing(names::get));
        int[] rank = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            rank[order[i]] = i;
        }
        return rank;
    }

    private static List<String> sorted(List<String> names) {
        List<String> copy = new ArrayList<>(names);
        copy.sort(null);
        return copy;
    }

    private static String kind(String canonical) {
        return Timestamps.isDate(canonical) ? "date" : "date-time";
    }

    static String column(String name) {
        return "column '" + name + "': ";
    }

    /** The offending text for a message, cut to a readable length. */
    static String quote(String text) {
        return "'" + (text.length() > 60 ? text.substring(0, 57) + "..." : text) + "'";
    }
}
