package io.quarry.evaluator.weighting;

import io.quarry.evaluator.PlainKernels;
import java.util.Arrays;

/** One day's arithmetic across symbols: z-scores, returns, IC, the long-short book. */
final class CrossSections {

    private CrossSections() {
    }

    /**
     * z-scores (ddof 1) of the present values; NaN where missing, and everywhere when fewer than two
     * are present or they are all equal.
     */
    static double[] zScores(double[] v) {
        int n = v.length;
        double[] z = new double[n];
        Arrays.fill(z, Double.NaN);
        int count = 0;
        double sum = 0;
        for (double x : v) {
            if (!Double.isNaN(x)) {
                sum += x;
                count++;
            }
        }
        if (count < 2) {
            return z;
        }
        double mean = sum / count;
        double ss = 0;
        for (double x : v) {
            if (!Double.isNaN(x)) {
                ss += (x - mean) * (x - mean);
            }
        }
        if (!(ss > 0)) {
            return z;
        }
        double sd = Math.sqrt(ss / (count - 1));
        for (int s = 0; s < n; s++) {
            if (!Double.isNaN(v[s])) {
                z[s] = (v[s] - mean) / sd;
            }
        }
        return z;
    }

    /** {@code close / previous - 1} where both are present and positive; NaN elsewhere. */
    static double[] returns(double[] previous, double[] close) {
        double[] r = new double[close.length];
        for (int s = 0; s < r.length; s++) {
            double x = close[s] / previous[s] - 1;
            r[s] = previous[s] > 0 && close[s] > 0 && Double.isFinite(x) ? x : Double.NaN;
        }
        return r;
    }

    /** The equal-weight mean of the present returns; 0 when none is. */
    static double mean(double[] r) {
        double sum = 0;
        int n = 0;
        for (double x : r) {
            if (!Double.isNaN(x)) {
                sum += x;
                n++;
            }
        }
        return n == 0 ? 0 : sum / n;
    }

    /** A day's IC, exactly as scoring computes it. */
    static double ic(double[] x, double[] y) {
        return PlainKernels.dailyIc(x, y);
    }

    /**
     * The backtest's long-short book of a signal: the present values ranked (average rank r = 1..n of
     * ties), bucket {@code floor((r - 1) q / n)}; the top bucket {@code +1/n_top} each, the bottom
     * {@code -1/n_bottom} each, 0 elsewhere; flat when either is empty.
     */
    static double[] longShort(double[] signal, int q) {
        int n = signal.length;
        Integer[] present = new Integer[n];
        int count = 0;
        for (int s = 0; s < n; s++) {
            if (!Double.isNaN(signal[s])) {
                present[count++] = s;
            }
        }
        Integer[] order = Arrays.copyOf(present, count);
        Arrays.sort(order, (a, b) -> Double.compare(signal[a], signal[b]));
        int[] bucket = new int[n];
        Arrays.fill(bucket, -1);
        int top = 0;
        int bottom = 0;
        for (int i = 0; i < count; ) {
            int j = i + 1;
            while (j < count && signal[order[j]] == signal[order[i]]) {
                j++;
            }
            // Ties share the average rank (i + 1 + j) / 2, so 2 (r - 1) = i + j - 1: integer arithmetic.
            int b = (int) ((i + j - 1L) * q / (2L * count));
            for (int k = i; k < j; k++) {
                bucket[order[k]] = b;
            }
            top += b == q - 1 ? j - i : 0;
            bottom += b == 0 ? j - i : 0;
            i = j;
        }
        double[] w = new double[n];
        if (top == 0 || bottom == 0) {
            return w;
        }
        for (int s = 0; s < n; s++) {
            w[s] = bucket[s] == q - 1 ? 1.0 / top : bucket[s] == 0 ? -1.0 / bottom : 0;
        }
        return w;
    }

    /** {@code sum_s w_s r_s} over the present returns. */
    static double portfolioReturn(double[] w, double[] r) {
        double g = 0;
        for (int s = 0; s < w.length; s++) {
            if (w[s] != 0 && !Double.isNaN(r[s])) {
                g += w[s] * r[s];
            }
        }
        return g;
    }

    /** {@code buy * sum max(dw, 0) + sell * sum max(-dw, 0)} for {@code dw = w - previous}. */
    static double cost(double[] previous, double[] w, double buy, double sell) {
        double bought = 0;
        double sold = 0;
        for (int s = 0; s < w.length; s++) {
            double dw = w[s] - previous[s];
            if (dw > 0) {
                bought += dw;
            } else {
                sold -= dw;
            }
        }
        return buy * bought + sell * sold;
    }
}
