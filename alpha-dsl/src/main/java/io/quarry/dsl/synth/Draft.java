package io.quarry.dsl.synth;

import io.quarry.dsl.panel.Groups;
import io.quarry.dsl.panel.Panel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The market while the generator fills it, row by row: the final symbol-major arrays plus the
 * calendar, universe and groups. Rows up to the one being generated are complete; {@link #window}
 * shows a trailing slice of them as a small {@link Panel}.
 */
final class Draft {

    static final List<String> FIELDS = List.of("open", "high", "low", "close", "volume");

    private final List<String> timestamps;
    private final List<String> symbols;
    private final Groups groups;
    private final double[][] values;
    private final boolean[] hasBar;
    private final int rows;

    Draft(List<String> timestamps, List<String> symbols, Groups groups) {
        this.timestamps = timestamps;
        this.symbols = symbols;
        this.groups = groups;
        this.rows = timestamps.size();
        int cells = rows * symbols.size();
        this.values = new double[FIELDS.size()][cells];
        this.hasBar = new boolean[cells];
    }

    int rows() {
        return rows;
    }

    int symbolCount() {
        return symbols.size();
    }

    /** The array of field {@code k} (index into {@link #FIELDS}), written in place by the generator. */
    double[] field(int k) {
        return values[k];
    }

    boolean[] barMask() {
        return hasBar;
    }

    /** Rows {@code from..to} (inclusive) as a panel of their own, copied. */
    Panel window(int from, int to) {
        int length = to - from + 1;
        int n = symbols.size();
        Map<String, double[]> fields = new LinkedHashMap<>();
        for (int k = 0; k < FIELDS.size(); k++) {
            double[] slice = new double[length * n];
            for (int s = 0; s < n; s++) {
                System.arraycopy(values[k], s * rows + from, slice, s * length, length);
            }
            fields.put(FIELDS.get(k), slice);
        }
        boolean[] mask = new boolean[length * n];
        for (int s = 0; s < n; s++) {
            System.arraycopy(hasBar, s * rows + from, mask, s * length, length);
        }
        return new Panel(timestamps.subList(from, to + 1), symbols, fields, mask, groups);
    }

    /** The finished market; the draft must not be written afterwards (the panel owns its arrays). */
    Panel toPanel() {
        Map<String, double[]> fields = new LinkedHashMap<>();
        for (int k = 0; k < FIELDS.size(); k++) {
            fields.put(FIELDS.get(k), values[k]);
        }
        return new Panel(timestamps, symbols, fields, hasBar, groups);
    }
}
