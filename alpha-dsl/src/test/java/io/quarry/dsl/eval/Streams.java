package io.quarry.dsl.eval;

import io.quarry.dsl.check.CheckedAlpha;
import io.quarry.dsl.panel.GroupLevel;
import io.quarry.dsl.panel.Groups;
import io.quarry.dsl.panel.Panel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Panels replayed as streams of cross-sections, and streamed values compared with batch's. */
final class Streams {

    private Streams() {
    }

    /**
     * The same market with symbols renamed {@code S000, S001, ...} so that the panel's order is name
     * order, as in every panel the readers build (the order cross-sectional sums run in).
     */
    static Panel nameOrdered(Panel panel) {
        List<String> names = new ArrayList<>();
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (int s = 0; s < panel.symbolCount(); s++) {
            String name = String.format("S%03d", s);
            names.add(name);
            List<String> classes = new ArrayList<>();
            for (int level = 0; level < panel.groups().levels(); level++) {
                classes.add(panel.groups().groupOf(panel.symbols().get(s), GroupLevel.values()[level]));
            }
            if (!classes.contains(null)) {
                groups.put(name, classes);
            }
        }
        Map<String, double[]> fields = new LinkedHashMap<>();
        panel.fieldNames().forEach(f -> fields.put(f, panel.values(f)));
        return new Panel(panel.timestamps(), names, fields, panel.barMask(),
                new Groups(groups, panel.groups().levels()));
    }

    /** Dates 2020-01-01, 2020-01-02, ... */
    static List<String> dates(int rows) {
        return io.quarry.dsl.testing.Panels.dates(rows);
    }

    /**
     * Row t of a panel as a cross-section: the symbols with a bar, in an order shuffled by
     * {@code seed} (the evaluator must not depend on it; 0 keeps the panel's order).
     */
    static CrossSection row(Panel panel, int t, long seed) {
        List<Integer> present = new ArrayList<>();
        for (int s = 0; s < panel.symbolCount(); s++) {
            if (panel.hasBar(t, s)) {
                present.add(s);
            }
        }
        if (seed != 0) {
            Collections.shuffle(present, new Random(seed * 31 + t));
        }
        List<String> symbols = new ArrayList<>();
        Map<String, double[]> fields = new LinkedHashMap<>();
        for (String field : panel.fieldNames()) {
            fields.put(field, new double[present.size()]);
        }
        for (int i = 0; i < present.size(); i++) {
            int s = present.get(i);
            symbols.add(panel.symbols().get(s));
            for (String field : panel.fieldNames()) {
                fields.get(field)[i] = panel.value(field, t, s);
            }
        }
        return new CrossSection(panel.timestamps().get(t), symbols, fields);
    }

    /**
     * Streams rows [from, to) of the panel through the evaluator and returns each alpha's values in
     * the panel's symbol-major layout (NaN where not streamed), keyed by alpha name.
     */
    static Map<String, double[]> stream(IncrementalEvaluator evaluator, Panel panel, int from, int to, long seed,
                                        Map<String, double[]> into) {
        int rows = panel.rows();
        for (int t = from; t < to; t++) {
            CrossSectionValues values = evaluator.step(row(panel, t, seed));
            for (int a = 0; a < values.alphaNames().size(); a++) {
                double[] out = into.computeIfAbsent(values.alphaNames().get(a), name -> {
                    double[] fresh = new double[panel.rows() * panel.symbolCount()];
                    java.util.Arrays.fill(fresh, Double.NaN);
                    return fresh;
                });
                for (int i = 0; i < values.symbols().size(); i++) {
                    out[panel.symbolIndex(values.symbols().get(i)) * rows + t] = values.values()[a][i];
                }
            }
        }
        return into;
    }

    /** Disagreements of streamed values with batch over rows [from, to), described per alpha. */
    static List<String> differences(Panel panel, List<CheckedAlpha> alphas, Map<String, double[]> streamed,
                                    int from, int to, double relTol, boolean exactNaN) {
        Evaluation batch = new BatchEvaluator(2).evaluate(panel, alphas);
        List<String> problems = new ArrayList<>();
        int rows = panel.rows();
        for (CheckedAlpha alpha : alphas) {
            double[] expected = batch.values(alpha.name());
            double[] actual = streamed.get(alpha.name());
            int bad = 0;
            String first = null;
            for (int s = 0; s < panel.symbolCount(); s++) {
                for (int t = from; t < to; t++) {
                    int i = s * rows + t;
                    if (!panel.hasBar(t, s)) {
                        continue;
                    }
                    if (!agree(expected[i], actual[i], relTol, exactNaN)) {
                        bad++;
                        if (first == null) {
                            first = "row " + t + " symbol " + panel.symbols().get(s) + ": batch " + expected[i]
                                    + ", stream " + actual[i];
                        }
                    }
                }
            }
            if (bad > 0) {
                problems.add(alpha.name() + " = " + alpha.canonicalText() + ": " + bad + " cells differ, first " + first);
            }
        }
        return problems;
    }

    static boolean agree(double expected, double actual, double relTol, boolean exactNaN) {
        if (Double.isNaN(expected) || Double.isNaN(actual)) {
            return Double.isNaN(expected) && Double.isNaN(actual);
        }
        if (relTol == 0) {
            return expected == actual;
        }
        return Math.abs(expected - actual) <= relTol * Math.max(1, Math.max(Math.abs(expected), Math.abs(actual)));
    }
}
