package io.quarry.evaluator;

import java.util.Arrays;

/**
 * The reference binding of {@link ScoringKernels}: plain Java, numerically careful (two-pass means,
 * exact detection of constant series), parallel over the common fork-join pool, deterministic
 * (every output is computed in the same order whatever the scheduling).
 *
 * <ul>
 *   <li>Correlations: two-pass (means first, then sums of products of deviations); a series that is
 *       exactly constant over the pairs gives NaN, never rounding noise. Spearman is the Pearson
 *       correlation of the average-tie ranks (1..n) of the pairs present.</li>
 *   <li>Correlation matrix: two-pass, the Gram matrix of deviations accumulated in cache-sized
 *       blocks of observations.</li>
 *   <li>Eigenvalues: Householder reduction to tridiagonal form, then implicit QL (see {@link SymmetricEigen}).</li>
 *   <li>Least squares: the normal equations ({@code X'X w = X'y}) by Cholesky, with a tiny ridge only
 *       if {@code X'X} is singular; coordinate descent for {@code l1 > 0} (see {@link NormalEquations}).</li>
 * </ul>
 */
public final class PlainKernels implements ScoringKernels {

    /** Fewest (value, label) pairs for a day to count in an IC (DESIGN.md: fewer days are skipped). */
    public static final int MIN_DAILY_PAIRS = ScoringRange.MIN_PAIRS;

    /** Observations per block when accumulating Gram matrices (fits a few hundred series in L2). */
    private static final int BLOCK = 512;
    private static final int MAX_JACOBI_SWEEPS = 100;

    public PlainKernels() {
    }

    @Override
    public double[][] dailyCorrelations(double[][] alphas, double[] label, int days, int symbols, boolean ranked,
                                        int minPairs) {
        int cells = days * symbols;
        if (label.length != cells) {
            throw new IllegalArgumentException("label has " + label.length + " values, expected days x symbols = "
                    + cells);
        }
        for (int a = 0; a < alphas.length; a++) {
            if (alphas[a].length != cells) {
                throw new IllegalArgumentException("alpha " + a + " has " + alphas[a].length
                        + " values, expected days x symbols = " + cells);
            }
        }
        int[][] labelOrder = new int[days][];
        int[] labelCount = new int[days];
        // The label's ranks over all its present symbols: a day's ranks for every alpha present wherever
        // the label is (most alpha-days), which then need no ranking of the label of their own.
        double[][] labelRanks = new double[days][];
        if (ranked) {
            Parallel.chunks(days, 8, (from, to) -> {
                Ranks.Scratch scratch = new Ranks.Scratch(symbols);
                for (int d = from; d < to; d++) {
                    labelOrder[d] = new int[symbols];
                    labelCount[d] = Ranks.order(label, d * symbols, symbols, scratch, labelOrder[d]);
                    labelRanks[d] = new double[symbols];
                    Ranks.ranks(label, d * symbols, labelOrder[d], labelCount[d], null, 0, scratch, labelRanks[d]);
                }
            });
        }
        double[][] out = new double[alphas.length][days];
        Parallel.chunks(alphas.length * days, 32, (from, to) -> {
            Ranks.Scratch scratch = new Ranks.Scratch(symbols);
            int[] order = new int[symbols];
            double[] rx = new double[symbols];
            double[] ry = new double[symbols];
            for (int i = from; i < to; i++) {
                int a = i / days;
                int d = i % days;
                int base = d * symbols;
                double[] x = alphas[a];
                if (!ranked) {
                    out[a][d] = pearson(x, label, base, symbols, minPairs);
                    continue;
                }
                int count = Ranks.order(x, base, symbols, scratch, order);
                int n = Ranks.ranks(x, base, order, count, label, base, scratch, rx);
                if (n < minPairs) {
                    out[a][d] = Double.NaN;
                    continue;
                }
                if (n == labelCount[d]) {
                    // The pairs are all the label's present symbols: its own ranks, in its own order.
                    out[a][d] = pearsonOf(rx, labelRanks[d], labelOrder[d], n);
                } else {
                    Ranks.ranks(label, base, labelOrder[d], labelCount[d], x, base, scratch, ry);
                    out[a][d] = pearsonOf(rx, ry, scratch.picked, n);
                }
            }
        });
        return out;
    }

    /**
     * One day's IC as scoring defines it, for the weighting environment and the stream's live IC:
     * Pearson over the symbols where both are present; NaN under {@link #MIN_DAILY_PAIRS} pairs or
     * with an exactly constant side.
     */
    public static double dailyIc(double[] x, double[] y) {
        return pearson(x, y, 0, x.length, MIN_DAILY_PAIRS);
    }

    /** Pearson over the symbols where both are present; NaN for too few pairs or a constant side. */
    private static double pearson(double[] x, double[] y, int base, int symbols, int minPairs) {
        int n = 0;
        double sx = 0;
        double sy = 0;
        double firstX = Double.NaN;
        double firstY = Double.NaN;
        boolean constantX = true;
        boolean constantY = true;
        for (int s = base; s < base + symbols; s++) {
            double xv = x[s];
            double yv = y[s];
            if (xv == xv && yv == yv) {
                if (n == 0) {
                    firstX = xv;
                    firstY = yv;
                } else {
                    constantX &= xv == firstX;
                    constantY &= yv == firstY;
                }
                n++;
                sx += xv;
                sy += yv;
            }
        }
        if (n < minPairs || n < 2 || constantX || constantY) {
            return Double.NaN;
        }
        double mx = sx / n;
        double my = sy / n;
        double sxx = 0;
        double syy = 0;
        double sxy = 0;
        for (int s = base; s < base + symbols; s++) {
            double xv = x[s];
            double yv = y[s];
            if (xv == xv && yv == yv) {
                double dx = xv - mx;
                double dy = yv - my;
                sxx += dx * dx;
                syy += dy * dy;
                sxy += dx * dy;
            }
        }
        return clampedRatio(sxy, sxx, syy);
    }

    /** Pearson of {@code x[s], y[s]} over the listed symbols (ranks: constant only if all tied). */
    static double pearsonOf(double[] x, double[] y, int[] symbols, int n) {
        double sx = 0;
        double sy = 0;
        boolean constantX = true;
        boolean constantY = true;
        double firstX = x[symbols[0]];
        double firstY = y[symbols[0]];
        for (int i = 0; i < n; i++) {
            int s = symbols[i];
            sx += x[s];
            sy += y[s];
            constantX &= x[s] == firstX;
            constantY &= y[s] == firstY;
        }
        if (n < 2 || constantX || constantY) {
            return Double.NaN;
        }
        double mx = sx / n;
        double my = sy / n;
        double sxx = 0;
        double syy = 0;
        double sxy = 0;
        for (int i = 0; i < n; i++) {
            int s = symbols[i];
            double dx = x[s] - mx;
            double dy = y[s] - my;
            sxx += dx * dx;
            syy += dy * dy;
            sxy += dx * dy;
        }
        return clampedRatio(sxy, sxx, syy);
    }

    private static double clampedRatio(double sxy, double sxx, double syy) {
        // One square root rounds once (an exact line gives exactly +-1); two avoid overflow.
        double product = sxx * syy;
        double norm = Double.isFinite(product) && product > Double.MIN_NORMAL ? Math.sqrt(product)
                : Math.sqrt(sxx) * Math.sqrt(syy);
        double r = sxy / norm;
        return Double.isNaN(r) ? Double.NaN : Math.max(-1, Math.min(1, r));
    }

    // ---------------------------------------------------------------------------------------------

    @Override
    public double[][] correlationMatrix(double[][] series) {
        int m = series.length;
        int k = m == 0 ? 0 : series[0].length;
        double[] mean = new double[m];
        boolean[] constant = new boolean[m];
        for (int i = 0; i < m; i++) {
            if (series[i].length != k) {
                throw new IllegalArgumentException("series " + i + " has " + series[i].length
                        + " observations, series 0 has " + k);
            }
            double sum = 0;
            boolean same = true;
            for (int j = 0; j < k; j++) {
                sum += series[i][j];
                same &= series[i][j] == series[i][0];
            }
            mean[i] = sum / k;
            constant[i] = same;
        }
        double[][] gram = gram(series, mean);
        double[][] corr = new double[m][m];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j <= i; j++) {
                double c;
                if (constant[i] || constant[j] || k < 2) {
                    c = Double.NaN;
                } else if (i == j) {
                    c = 1;
                } else {
                    c = clampedRatio(gram[i][j], gram[i][i], gram[j][j]);
                }
                corr[i][j] = c;
                corr[j][i] = c;
            }
        }
        return corr;
    }

    /**
     * The lower triangle of {@code sum_k (x_i[k] - c_i)(x_j[k] - c_j)}: blocks of observations are
     * centred into a buffer, then the partial sums of each 2 x 2 tile of pairs are added, rows of tiles
     * split over threads. A tile reads two values of each of its four series per observation for four
     * products, half the loads of one pair at a time; each pair's partial sum adds its block's
     * products in order of observation, so the result does not depend on the scheduling.
     */
    private static double[][] gram(double[][] series, double[] centre) {
        int m = series.length;
        int k = m == 0 ? 0 : series[0].length;
        double[][] gram = new double[m][m];
        // An odd last series is paired with a row of zeros, whose sums are discarded.
        double[][] buffer = new double[m + 1][BLOCK];
        int tileRows = (m + 1) / 2;
        for (int start = 0; start < k; start += BLOCK) {
            int len = Math.min(BLOCK, k - start);
            int blockStart = start;
            for (int i = 0; i < m; i++) {
                double[] x = series[i];
                double[] row = buffer[i];
                double c = centre[i];
                for (int j = 0; j < len; j++) {
                    row[j] = x[blockStart + j] - c;
                }
            }
            // Tile row t costs t + 1 tiles; more chunks than cores let the pool even that out.
            Parallel.chunks(tileRows, 4, (from, to) -> {
                for (int t = from; t < to; t++) {
                    int i = 2 * t;
                    for (int j = 0; j <= i; j += 2) {
                        addTile(buffer, gram, i, j, len, m);
                    }
                }
            });
        }
        return gram;
    }

    /** Adds one block's products of the pairs (i or i + 1) x (j or j + 1), j <= i, to the lower triangle. */
    private static void addTile(double[][] buffer, double[][] gram, int i, int j, int len, int m) {
        double[] a0 = buffer[i];
        double[] a1 = buffer[i + 1];
        double[] b0 = buffer[j];
        double[] b1 = buffer[j + 1];
        double s00 = 0;
        double s01 = 0;
        double s10 = 0;
        double s11 = 0;
        for (int o = 0; o < len; o++) {
            double x0 = a0[o];
            double x1 = a1[o];
            double y0 = b0[o];
            double y1 = b1[o];
            s00 += x0 * y0;
            s01 += x0 * y1;
            s10 += x1 * y0;
            s11 += x1 * y1;
        }
        gram[i][j] += s00;
        if (j < i) {
            gram[i][j + 1] += s01;
        }
        if (i + 1 < m) {
            gram[i + 1][j] += s10;
            gram[i + 1][j + 1] += s11;
        }
    }

    /** A dot product with four independent partial sums (summed in a fixed order). */
    static double dot(double[] a, double[] b, int len) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int j = 0;
        for (; j + 3 < len; j += 4) {
            s0 += a[j] * b[j];
            s1 += a[j + 1] * b[j + 1];
            s2 += a[j + 2] * b[j + 2];
            s3 += a[j + 3] * b[j + 3];
        }
        for (; j < len; j++) {
            s0 += a[j] * b[j];
        }
        return (s0 + s1) + (s2 + s3);
    }

    // ---------------------------------------------------------------------------------------------

    @Override
    public double[] symmetricEigenvalues(double[][] symmetric) {
        return SymmetricEigen.eigenvalues(symmetric);
    }

    @Override
    public double[] leastSquares(double[][] features, double[] target, double l1) {
        int m = features.length;
        int k = target.length;
        double[][] all = new double[m + 1][];
        for (int i = 0; i < m; i++) {
            if (features[i].length != k) {
                throw new IllegalArgumentException("feature " + i + " has " + features[i].length
                        + " observations, the target has " + k);
            }
            all[i] = features[i];
        }
        all[m] = target;
        // One Gram matrix of [X | y] holds both X'X and X'y (its last row).
        double[][] gram = gram(all, new double[m + 1]);
        double[][] xtx = new double[m][m];
        double[] xty = new double[m];
        for (int i = 0; i < m; i++) {
            System.arraycopy(gram[i], 0, xtx[i], 0, i + 1);
            xty[i] = gram[m][i];
        }
        return NormalEquations.solve(xtx, xty, l1);
    }

    @Override
    public String device() {
        return "cpu (plain Java)";
    }
}
