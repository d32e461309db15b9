package io.quarry.miner;

import io.quarry.dsl.panel.Panel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Row arithmetic on a panel's calendar. */
final class Rows {

    private Rows() {
    }

    /** The row after the last row dated on or before {@code date} (a date bound covers its whole day). */
    static int endOf(List<String> timestamps, String date) {
        int end = timestamps.size();
        while (end > 0 && compare(timestamps.get(end - 1), date) > 0) {
            end--;
        }
        return end;
    }

    private static int compare(String timestamp, String bound) {
        String t = timestamp.length() > bound.length() ? timestamp.substring(0, bound.length()) : timestamp;
        return t.compareTo(bound);
    }

    /** The first {@code rows} rows of a panel (the panel itself when that is all of it). */
    static Panel head(Panel panel, int rows) {
        if (rows == panel.rows()) {
            return panel;
        }
        int all = panel.rows();
        int n = panel.symbolCount();
        Map<String, double[]> fields = new LinkedHashMap<>();
        for (String name : panel.fieldNames()) {
            double[] values = panel.values(name);
            double[] out = new double[rows * n];
            for (int s = 0; s < n; s++) {
                System.arraycopy(values, s * all, out, s * rows, rows);
            }
            fields.put(name, out);
        }
        boolean[] mask = new boolean[rows * n];
        for (int s = 0; s < n; s++) {
            System.arraycopy(panel.barMask(), s * all, mask, s * rows, rows);
        }
        return new Panel(panel.timestamps().subList(0, rows), panel.symbols(), fields, mask, panel.groups());
    }
}
