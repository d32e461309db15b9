package io.quarry.evaluator;

import io.quarry.dsl.eval.BatchEvaluator;
import io.quarry.dsl.eval.EvaluatedAlpha;
import io.quarry.dsl.panel.Panel;
import java.util.Arrays;
import java.util.List;

/**
 * The scoring days of a request and the label on them.
 *
 * <p>The rows between {@code from} and {@code to} (inclusive; a date bound covers its whole day on a
 * date-time calendar) are {@code [first, end)}; the scoring days are those of them whose label is
 * known (finite) for at least {@link #MIN_PAIRS} symbols. Values of the scoring days are kept
 * time-major: {@code v[d * symbols + s]}, the layout of {@link ScoringKernels}.
 */
final class ScoringRange {

    /** Fewest (alpha, label) pairs a day needs to count; also the fewest symbols a scoring day needs. */
    static final int MIN_PAIRS = 10;

    final Panel panel;
    final Label label;
    /** First row of the requested range. */
    final int first;
    /** Row after the last row of the requested range. */
    final int end;
    /** Panel row of each scoring day, ascending. */
    final int[] rows;
    final int symbols;
    /** The label on the scoring days, time-major. */
    final double[] labelValues;

    private ScoringRange(Panel panel, Label label, int first, int end, int[] rows, double[] labelValues) {
        this.panel = panel;
        this.label = label;
        this.first = first;
        this.end = end;
        this.rows = rows;
        this.symbols = panel.symbolCount();
        this.labelValues = labelValues;
    }

    int days() {
        return rows.length;
    }

    int cells() {
        return rows.length * symbols;
    }

    String firstDay() {
        return panel.timestamps().get(rows[0]);
    }

    String lastDay() {
        return panel.timestamps().get(rows[rows.length - 1]);
    }

    /**
     * Resolves the range and computes the label.
     *
     * @throws IllegalArgumentException for a range without data, a horizon longer than the data, a
     *                                  label that cannot be evaluated, or no day with a known label
     */
    static ScoringRange resolve(Panel panel, Label label, String from, String to, BatchEvaluator evaluator) {
        List<String> timestamps = panel.timestamps();
        int first = 0;
        while (first < timestamps.size() && from != null && compare(timestamps.get(first), from) < 0) {
            first++;
        }
        int end = timestamps.size();
        while (end > first && to != null && compare(timestamps.get(end - 1), to) > 0) {
            end--;
        }
        if (first >= end) {
            throw new IllegalArgumentException("no data between " + (from == null ? "the start" : from) + " and "
                    + (to == null ? "the end" : to) + ": the data covers "
                    + (timestamps.isEmpty() ? "nothing" : timestamps.get(0) + " .. "
                    + timestamps.get(timestamps.size() - 1)));
        }
        double[] values = labelValues(panel, label, evaluator);
        int rows = panel.rows();
        int n = panel.symbolCount();
        int[] scoring = new int[end - first];
        int days = 0;
        for (int t = first; t < end; t++) {
            int known = 0;
            for (int s = 0; s < n; s++) {
                if (!Double.isNaN(values[s * rows + t])) {
                    known++;
                }
            }
            if (known >= MIN_PAIRS) {
                scoring[days++] = t;
            }
        }
        if (days == 0) {
            throw new IllegalArgumentException("no day between " + timestamps.get(first) + " and "
                    + timestamps.get(end - 1) + " has the label " + label.name() + " for at least " + MIN_PAIRS
                    + " symbols" + (label.horizon() > 0 ? " (it needs " + label.horizon()
                    + (label.horizon() == 1 ? " row" : " rows") + " after the day; the data ends "
                    + timestamps.get(timestamps.size() - 1) + ")" : ""));
        }
        int[] scoringRows = Arrays.copyOf(scoring, days);
        return new ScoringRange(panel, label, first, end, scoringRows, timeMajor(values, scoringRows, n, 0, rows));
    }

    /** The label over the whole panel, symbol-major. */
    private static double[] labelValues(Panel panel, Label label, BatchEvaluator evaluator) {
        if (label instanceof Label.ForwardReturn forward) {
            int h = forward.horizon();
            int rows = panel.rows();
            if (h >= rows) {
                throw new IllegalArgumentException("horizon " + h + " is longer than the data (" + rows + " rows)");
            }
            if (!panel.hasField("close")) {
                throw new IllegalArgumentException("the label " + label.name() + " needs the field 'close', which "
                        + "the data does not have (it has " + String.join(", ", panel.fieldNames()) + ")");
            }
            double[] close = panel.values("close");
            boolean[] hasBar = panel.barMask();
            double[] out = new double[close.length];
            Arrays.fill(out, Double.NaN);
            for (int s = 0; s < panel.symbolCount(); s++) {
                int base = s * rows;
                for (int t = 0; t + h < rows; t++) {
                    if (hasBar[base + t]) {
                        double r = close[base + t + h] / close[base + t] - 1;
                        out[base + t] = Double.isFinite(r) ? r : Double.NaN;
                    }
                }
            }
            return out;
        }
        Label.Named named = (Label.Named) label;
        EvaluatedAlpha result = evaluator.evaluate(panel, List.of(named.definition())).alphas().get(0);
        if (!result.ok()) {
            throw new IllegalArgumentException("the label '" + label.name() + "' cannot be evaluated: "
                    + result.error());
        }
        return result.values();
    }

    /**
     * The values of the scoring days, time-major, from symbol-major values over the panel rows
     * {@code [rowOffset, rowOffset + rowCount)} (an evaluation of a row slice of the panel).
     */
    double[] timeMajor(double[] symbolMajor, int rowOffset, int rowCount) {
        return timeMajor(symbolMajor, rows, symbols, rowOffset, rowCount);
    }

    private static double[] timeMajor(double[] symbolMajor, int[] rows, int symbols, int rowOffset, int rowCount) {
        int days = rows.length;
        double[] out = new double[days * symbols];
        for (int s = 0; s < symbols; s++) {
            int base = s * rowCount - rowOffset;
            for (int d = 0; d < days; d++) {
                out[d * symbols + s] = symbolMajor[base + rows[d]];
            }
        }
        return out;
    }

    /** Compares a timestamp with a bound on the bound's precision (a date bound ignores the time). */
    private static int compare(String timestamp, String bound) {
        String t = timestamp.length() > bound.length() ? timestamp.substring(0, bound.length()) : timestamp;
        return t.compareTo(bound);
    }
}
