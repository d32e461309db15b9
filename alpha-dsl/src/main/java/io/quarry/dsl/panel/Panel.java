package io.quarry.dsl.panel;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A market: T timestamps (the calendar) x N symbols, one dense {@code double} array per field.
 *
 * <p>Layout is symbol-major: the value of symbol {@code s} at row {@code t} is at index
 * {@code s * rows() + t}, so a symbol's history is contiguous (time-series operators walk it
 * linearly). NaN marks a missing value. {@link #hasBar(int, int)} tells whether the symbol had a
 * bar at all at that row; a bar may exist and still carry NaN fields (an empty price in the file).
 *
 * <p>A Panel is immutable: arrays handed to the constructor are owned by it, and
 * {@link #values(String)} returns the shared array, which callers must never write.
 */
public final class Panel {

    private final List<String> timestamps;
    private final List<String> symbols;
    private final Map<String, Integer> symbolIndex;
    private final Map<String, double[]> fields;
    /** The fields holding an infinity somewhere (the language reads it as missing). */
    private final Set<String> withInfinities;
    private final boolean[] hasBar;
    private final Groups groups;

    /**
     * @param timestamps the calendar, strictly increasing ISO-8601 dates or date-times
     * @param symbols    the universe, distinct
     * @param fields     field name (lower case) to a symbol-major array of length T*N
     * @param hasBar     symbol-major, true where the symbol has a bar at the row
     * @param groups     sector/industry table for {@code indneutralize}; {@link Groups#none()} if absent
     */
    public Panel(List<String> timestamps, List<String> symbols, Map<String, double[]> fields,
                 boolean[] hasBar, Groups groups) {
        this.timestamps = List.copyOf(timestamps);
        this.symbols = List.copyOf(symbols);
        this.groups = Objects.requireNonNull(groups, "groups");
        int cells = this.timestamps.size() * this.symbols.size();
        for (int t = 1; t < this.timestamps.size(); t++) {
            if (this.timestamps.get(t - 1).compareTo(this.timestamps.get(t)) >= 0) {
                throw new IllegalArgumentException("timestamps are not strictly increasing at row " + t
                        + ": " + this.timestamps.get(t - 1) + " then " + this.timestamps.get(t));
            }
        }
        Map<String, Integer> index = new HashMap<>();
        for (int s = 0; s < this.symbols.size(); s++) {
            if (index.put(this.symbols.get(s), s) != null) {
                throw new IllegalArgumentException("duplicate symbol: " + this.symbols.get(s));
            }
        }
        this.symbolIndex = Collections.unmodifiableMap(index);
        Map<String, double[]> copy = new LinkedHashMap<>();
        fields.forEach((name, values) -> {
            if (values.length != cells) {
                throw new IllegalArgumentException("field '" + name + "' has " + values.length
                        + " values, expected " + cells + " (rows x symbols)");
            }
            copy.put(name.toLowerCase(java.util.Locale.ROOT), values);
        });
        this.fields = Collections.unmodifiableMap(copy);
        Set<String> infinite = new HashSet<>();
        copy.forEach((name, values) -> {
            for (double v : values) {
                if (Double.isInfinite(v)) {
                    infinite.add(name);
                    break;
                }
            }
        });
        this.withInfinities = Set.copyOf(infinite);
        if (hasBar.length != cells) {
            throw new IllegalArgumentException("hasBar has " + hasBar.length + " cells, expected " + cells);
        }
        this.hasBar = hasBar;
    }

    /** Number of rows (timestamps) T. */
    public int rows() {
        return timestamps.size();
    }

    /** Number of symbols N. */
    public int symbolCount() {
        return symbols.size();
    }

    public List<String> timestamps() {
        return timestamps;
    }

    public List<String> symbols() {
        return symbols;
    }

    /** Index of a symbol, or -1 when the panel does not hold it. */
    public int symbolIndex(String symbol) {
        return symbolIndex.getOrDefault(symbol, -1);
    }

    /** The names of the fields present in the data (lower case). */
    public Set<String> fieldNames() {
        return fields.keySet();
    }

    public boolean hasField(String name) {
        return fields.containsKey(name);
    }

    /**
     * The symbol-major values of a field. The array is shared: never write to it.
     *
     * @throws IllegalArgumentException naming the field when the data does not have it
     */
    public double[] values(String field) {
        double[] v = fields.get(field);
        if (v == null) {
            throw new IllegalArgumentException("field '" + field + "' is not in the data (it has "
                    + String.join(", ", fields.keySet()) + ")");
        }
        return v;
    }

    /**
     * Whether the field holds an infinite value anywhere, known from construction so that an
     * evaluator need not scan the field each time it reads it.
     */
    public boolean hasInfinities(String field) {
        values(field); // an unknown field fails here, named
        return withInfinities.contains(field);
    }

    /** One value: field at row t for symbol s. */
    public double value(String field, int t, int s) {
        return values(field)[s * rows() + t];
    }

    /** Whether symbol s has a bar at row t. */
    public boolean hasBar(int t, int s) {
        return hasBar[s * rows() + t];
    }

    /** The symbol-major bar mask, shared: never write to it. */
    public boolean[] barMask() {
        return hasBar;
    }

    public Groups groups() {
        return groups;
    }

    /** The same market with another group table. */
    public Panel withGroups(Groups newGroups) {
        return new Panel(timestamps, symbols, fields, hasBar, newGroups);
    }

    /**
     * A SHA-256 digest of the market, in hex: its calendar, its symbols, its group table (each
     * symbol's group at every level the table has) and, for each field in name order, the name and
     * the bits of every value, then the bar mask. Panels with the same digest hold the same data, so
     * a run's summary can record which data it read, whatever the source (file, sample, topic).
     */
    public String digest() {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        for (String timestamp : timestamps) {
            text(sha, timestamp);
        }
        for (String symbol : symbols) {
            text(sha, symbol);
            for (int level = 0; level < groups.levels(); level++) {
                String group = groups.groupOf(symbol, GroupLevel.values()[level]);
                text(sha, group == null ? "" : group);
            }
        }
        ByteBuffer bytes = ByteBuffer.allocate(Double.BYTES * 4096);
        for (String name : new TreeSet<>(fields.keySet())) {
            text(sha, name);
            double[] values = fields.get(name);
            for (int i = 0; i < values.length; i += 4096) {
                bytes.clear();
                int n = Math.min(4096, values.length - i);
                bytes.asDoubleBuffer().put(values, i, n);
                sha.update(bytes.array(), 0, n * Double.BYTES);
            }
        }
        for (boolean bar : hasBar) {
            sha.update((byte) (bar ? 1 : 0));
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** A string as its UTF-8 bytes after their count, so that no two lists of strings feed the same bytes. */
    private static void text(MessageDigest sha, String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        sha.update(ByteBuffer.allocate(Integer.BYTES).putInt(utf8.length).array());
        sha.update(utf8);
    }

    @Override
    public String toString() {
        return "Panel[" + rows() + " rows x " + symbolCount() + " symbols, fields " + fields.keySet() + "]";
    }
}
