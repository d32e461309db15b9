package io.quarry.evaluator.weighting;

import java.util.ArrayList;
import java.util.List;

/**
 * The state the policy sees on day t, from the observations of the last {@value #LONG} closes up to
 * and including t's and the weights chosen on day t-1; nothing later. For K alphas, 4K + 4 values
 * in this order:
 *
 * <ol>
 *   <li>{@code ic5:a} per alpha: the mean of its last {@value #SHORT} defined daily ICs (0 when none);
 *   <li>{@code ic20:a}: the same over {@value #LONG} days;
 *   <li>{@code ls5:a}: the mean of its last {@value #SHORT} long-short returns;
 *   <li>{@code weight:a}: its current weight (chosen on day t-1);
 *   <li>{@code market1 market5 market20}: the sum of the equal-weight market's daily returns over the
 *       last 1, 5, 20 days, and {@code vol20}: their standard deviation (ddof 1) over 20 days.
 * </ol>
 */
public final class Features {

    /** The short window, days. */
    public static final int SHORT = 5;
    /** The long window, days: a state needs this many observations. */
    public static final int LONG = 20;
    /** Values per alpha. */
    public static final int PER_ALPHA = 4;
    /** Values of the market. */
    public static final int MARKET = 4;

    private Features() {
    }

    /** The names of the values, in order. */
    public static List<String> names(List<String> alphas) {
        List<String> names = new ArrayList<>();
        for (String prefix : List.of("ic5:", "ic20:", "ls5:", "weight:")) {
            alphas.forEach(a -> names.add(prefix + a));
        }
        names.addAll(List.of("market1", "market5", "market20", "vol20"));
        return names;
    }

    public static int size(int alphas) {
        return PER_ALPHA * alphas + MARKET;
    }

    /** Index of the first {@code weight:} value. */
    static int weightsAt(int alphas) {
        return 3 * alphas;
    }

    /**
     * The state from the last {@value #LONG} observations (oldest first) and the current weights.
     *
     * @throws IllegalArgumentException with fewer observations
     */
    static double[] of(List<Observation> recent, double[] weights) {
        int n = recent.size();
        if (n < LONG) {
            throw new IllegalArgumentException("a state needs " + LONG + " observations, got " + n);
        }
        int k = weights.length;
        double[] f = new double[size(k)];
        for (int a = 0; a < k; a++) {
            f[a] = meanOfDefined(recent, n - SHORT, n, a, true);
            f[k + a] = meanOfDefined(recent, n - LONG, n, a, true);
            f[2 * k + a] = meanOfDefined(recent, n - SHORT, n, a, false);
            f[3 * k + a] = weights[a];
        }
        int m = 4 * k;
        double sum20 = 0;
        for (int i = n - LONG; i < n; i++) {
            double r = recent.get(i).market();
            sum20 += r;
            f[m + 1] += i >= n - SHORT ? r : 0;
        }
        f[m] = recent.get(n - 1).market();
        f[m + 2] = sum20;
        double mean = sum20 / LONG;
        double ss = 0;
        for (int i = n - LONG; i < n; i++) {
            double d = recent.get(i).market() - mean;
            ss += d * d;
        }
        f[m + 3] = Math.sqrt(ss / (LONG - 1));
        return f;
    }

    private static double meanOfDefined(List<Observation> recent, int from, int to, int alpha, boolean ic) {
        double sum = 0;
        int count = 0;
        for (int i = from; i < to; i++) {
            double v = ic ? recent.get(i).ic()[alpha] : recent.get(i).longShort()[alpha];
            if (!Double.isNaN(v)) {
                sum += v;
                count++;
            }
        }
        return count == 0 ? 0 : sum / count;
    }
}
