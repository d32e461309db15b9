package io.quarry.miner;

import io.quarry.dsl.panel.Panel;
import io.quarry.evaluator.PlainKernels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * IC and RankIC of single alphas and of weighted combinations on the days of one row range, with
 * the definitions of the evaluator's scoring and pool: the label is the next-day close-to-close
 * return; a scoring day has the label for at least {@value #MIN_PAIRS} symbols; an alpha enters a
 * combination through its daily cross-sectional z-scores over the symbols where it and the label are
 * present (ddof 1; 0 elsewhere and on a constant day), and the combination is defined where the
 * label and at least one member are present. So with the pool's own weights on the pool's own
 * training range this gives exactly the pool's IC.
 */
final class RangeScores {

    static final int MIN_PAIRS = 10;

    private final int rows;
    private final int symbols;
    private final int[] days;
    private final double[] label;
    private final PlainKernels kernels = new PlainKernels();

    /** The scoring days among the panel rows {@code [first, end)}. */
    RangeScores(Panel panel, int first, int end) {
        this.rows = panel.rows();
        this.symbols = panel.symbolCount();
        double[] close = panel.values("close");
        boolean[] bar = panel.barMask();
        int[] scoring = new int[Math.max(0, end - first)];
        int count = 0;
        double[] labels = new double[scoring.length * symbols];
        for (int t = first; t < end; t++) {
            int known = 0;
            for (int s = 0; s < symbols; s++) {
                double r = Double.NaN;
                if (t + 1 < rows && bar[s * rows + t]) {
                    r = close[s * rows + t + 1] / close[s * rows + t] - 1;
                    r = Double.isFinite(r) ? r : Double.NaN;
                }
                labels[count * symbols + s] = r;
                known += Double.isNaN(r) ? 0 : 1;
            }
            if (known >= MIN_PAIRS) {
                scoring[count++] = t;
            }
        }
        if (count == 0) {
            throw new IllegalArgumentException("no day of " + panel.timestamps().get(Math.min(first, rows - 1)) + " .. "
                    + panel.timestamps().get(Math.max(0, Math.min(end, rows) - 1)) + " has a next-day return for "
                    + MIN_PAIRS + " symbols");
        }
        this.days = Arrays.copyOf(scoring, count);
        this.label = Arrays.copyOf(labels, count * symbols);
    }

    /** An alpha's values on the scoring days, time-major, from symbol-major values over the panel. */
    double[] timeMajor(double[] symbolMajor) {
        double[] out = new double[days.length * symbols];
        for (int s = 0; s < symbols; s++) {
            for (int d = 0; d < days.length; d++) {
                out[d * symbols + s] = symbolMajor[s * rows + days[d]];
            }
        }
        return out;
    }

    /** Daily z-scores of time-major values over the symbols where they and the label are present. */
    double[] zScores(double[] v) {
        double[] out = new double[v.length];
        for (int d = 0; d < days.length; d++) {
            int base = d * symbols;
            int n = 0;
            double sum = 0;
            boolean constant = true;
            double first = Double.NaN;
            for (int s = 0; s < symbols; s++) {
                if (!Double.isNaN(v[base + s]) && !Double.isNaN(label[base + s])) {
                    if (n == 0) {
                        first = v[base + s];
                    }
                    constant &= v[base + s] == first;
                    sum += v[base + s];
                    n++;
                }
            }
            if (n < MIN_PAIRS) {
                continue;
            }
            double mean = sum / n;
            double ss = 0;
            for (int s = 0; s < symbols; s++) {
                if (!Double.isNaN(v[base + s]) && !Double.isNaN(label[base + s])) {
                    double dx = v[base + s] - mean;
                    ss += dx * dx;
                }
            }
            double sd = Math.sqrt(ss / (n - 1));
            for (int s = 0; s < symbols; s++) {
                if (!Double.isNaN(v[base + s]) && !Double.isNaN(label[base + s])) {
                    out[base + s] = constant || !(sd > 0) ? 0 : (v[base + s] - mean) / sd;
                }
            }
        }
        return out;
    }

    /** A weighted combination's mean daily IC and RankIC. */
    record PoolScores(double ic, double rankIc) {
    }

    /**
     * {@link #combinedIc} and its RankIC of members given by their symbol-major values over the
     * panel, combined with {@code weights}.
     */
    PoolScores pool(List<double[]> symbolMajor, double[] weights) {
        List<double[]> raw = new ArrayList<>();
        List<double[]> z = new ArrayList<>();
        for (double[] v : symbolMajor) {
            double[] t = timeMajor(v);
            raw.add(t);
            z.add(zScores(t));
        }
        return new PoolScores(combinedIc(raw, z, weights, false), combinedIc(raw, z, weights, true));
    }

    /** Mean daily IC (or RankIC) of one alpha's time-major values. */
    double ic(double[] values, boolean ranked) {
        return mean(kernels.dailyCorrelations(new double[][] {values}, label, days.length, symbols, ranked,
                MIN_PAIRS)[0]);
    }

    /**
     * Mean daily IC (or RankIC) of {@code sum_i w_i z_i}, defined where the label and at least one
     * member's raw value are present.
     */
    double combinedIc(List<double[]> raw, List<double[]> z, double[] weights, boolean ranked) {
        double[] combined = new double[label.length];
        Arrays.fill(combined, Double.NaN);
        for (int c = 0; c < combined.length; c++) {
            if (Double.isNaN(label[c])) {
                continue;
            }
            double sum = 0;
            boolean any = false;
            for (int i = 0; i < weights.length; i++) {
                if (!Double.isNaN(raw.get(i)[c])) {
                    any = true;
                    sum += weights[i] * z.get(i)[c];
                }
            }
            if (any) {
                combined[c] = sum;
            }
        }
        return ic(combined, ranked);
    }

    private static double mean(double[] daily) {
        double sum = 0;
        int n = 0;
        for (double v : daily) {
            if (!Double.isNaN(v)) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}
