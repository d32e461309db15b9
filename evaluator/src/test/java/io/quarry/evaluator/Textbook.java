package io.quarry.evaluator;

import java.util.Arrays;

/**
 * Textbook correlations for tests to hold the scorer's fast code against: no code shared with it,
 * ranks by sorting a copy.
 */
final class Textbook {

    private Textbook() {
    }

    /** Pearson correlation of paired samples; NaN when either side is constant. */
    static double pearson(double[] x, double[] y) {
        boolean constantX = Arrays.stream(x).allMatch(v -> v == x[0]);
        boolean constantY = Arrays.stream(y).allMatch(v -> v == y[0]);
        if (constantX || constantY) {
            return Double.NaN;
        }
        double mx = 0;
        double my = 0;
        for (int i = 0; i < x.length; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= x.length;
        my /= y.length;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    /** 1-based average ranks: a value's rank is the mean position of the values equal to it. */
    static double[] ranks(double[] v) {
        double[] sorted = v.clone();
        Arrays.sort(sorted);
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            // Any position of an equal value, then out to both ends of the run of equals.
            int at = Arrays.binarySearch(sorted, v[i]);
            int first = at;
            while (first > 0 && sorted[first - 1] == v[i]) {
                first--;
            }
            int last = at;
            while (last + 1 < sorted.length && sorted[last + 1] == v[i]) {
                last++;
            }
            out[i] = (first + last) / 2.0 + 1;
        }
        return out;
    }
}
