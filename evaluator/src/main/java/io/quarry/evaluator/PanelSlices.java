package io.quarry.evaluator;

import io.quarry.dsl.panel.Panel;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;

/** Row slices of a panel, optionally with some fields replaced (the perturbed copies of PFS). */
final class PanelSlices {

    private PanelSlices() {
    }

    /** The rows {@code [from, to)} of a panel (the panel itself when that is all of it). */
    static Panel rows(Panel panel, int from, int to) {
        if (from == 0 && to == panel.rows()) {
            return panel;
        }
        Map<String, double[]> fields = new LinkedHashMap<>();
        for (String name : panel.fieldNames()) {
            fields.put(name, slice(panel.values(name), panel.rows(), panel.symbolCount(), from, to));
        }
        return withFields(panel, from, to, fields);
    }

    /**
     * The panel with each field replaced by {@code transform(name, values)} (the original values when
     * it returns them unchanged).
     */
    static Panel mapFields(Panel panel, BiFunction<String, double[], double[]> transform) {
        Map<String, double[]> fields = new LinkedHashMap<>();
        for (String name : panel.fieldNames()) {
            fields.put(name, transform.apply(name, panel.values(name)));
        }
        return new Panel(panel.timestamps(), panel.symbols(), fields, panel.barMask(), panel.groups());
    }

    private static Panel withFields(Panel panel, int from, int to, Map<String, double[]> fields) {
        int rows = panel.rows();
        int n = panel.symbolCount();
        boolean[] hasBar = panel.barMask();
        boolean[] mask = new boolean[(to - from) * n];
        for (int s = 0; s < n; s++) {
            System.arraycopy(hasBar, s * rows + from, mask, s * (to - from), to - from);
        }
        return new Panel(panel.timestamps().subList(from, to), panel.symbols(), fields, mask, panel.groups());
    }

    private static double[] slice(double[] values, int rows, int n, int from, int to) {
        int len = to - from;
        double[] out = new double[len * n];
        for (int s = 0; s < n; s++) {
            System.arraycopy(values, s * rows + from, out, s * len, len);
        }
        return out;
    }
}
