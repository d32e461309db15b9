package io.quarry.evaluator;

/**
 * Solves least squares from its normal equations: minimises
 * {@code w'Gw - 2 b'w + l1 * sum |w_i|}, which is {@code ||Xw - y||^2 + l1 * sum |w_i|} up to a
 * constant when {@code G = X'X} and {@code b = X'y}.
 *
 * <ul>
 *   <li>{@code l1 = 0}: Cholesky factorisation of G, features whose diagonal entry is 0 (all-zero
 *       columns) left out with weight 0. When G is still singular (a pivot not above
 *       {@value #PIVOT_TOLERANCE} times the largest diagonal entry: a zero or collinear feature), a
 *       ridge of {@value #FIRST_RIDGE} times the largest diagonal entry is added and grown tenfold
 *       until the factorisation succeeds: a solution always exists (near the minimum-norm one), and a
 *       non-singular G is solved without any ridge.</li>
 *   <li>{@code l1 > 0}: cyclic coordinate descent from zero,
 *       {@code w_j = soft(b_j - sum_{k != j} G_jk w_k, l1 / 2) / G_jj}, until no weight moves by more
 *       than {@value #CD_TOLERANCE} (relative) in a sweep. The objective is convex, so it converges.</li>
 * </ul>
 */
public final class NormalEquations {

    static final double PIVOT_TOLERANCE = 1e-12;
    static final double FIRST_RIDGE = 1e-9;
    static final double CD_TOLERANCE = 1e-13;
    private static final int MAX_SWEEPS = 100_000;

    private NormalEquations() {
    }

    /** The weights; G is k x k symmetric positive semi-definite (only its lower triangle is read). */
    public static double[] solve(double[][] g, double[] b, double l1) {
        if (!(l1 >= 0) || Double.isInfinite(l1)) {
            throw new IllegalArgumentException("l1 must be a finite number >= 0, got " + l1);
        }
        int k = b.length;
        double maxDiagonal = 0;
        for (int i = 0; i < k; i++) {
            maxDiagonal = Math.max(maxDiagonal, g[i][i]);
        }
        if (k == 0 || maxDiagonal == 0) {
            return new double[k];
        }
        if (l1 > 0) {
            return coordinateDescent(g, b, l1);
        }
        // A feature that is all zero gets weight 0 and stays out of the factorisation, so that it
        // does not call for a ridge that would bias the others.
        int[] used = java.util.stream.IntStream.range(0, k).filter(i -> g[i][i] > 0).toArray();
        double[][] sub = new double[used.length][used.length];
        double[] subB = new double[used.length];
        for (int i = 0; i < used.length; i++) {
            for (int j = 0; j <= i; j++) {
                sub[i][j] = g[used[i]][used[j]];
            }
            subB[i] = b[used[i]];
        }
        double[] subW = cholesky(sub, subB, maxDiagonal);
        double[] w = new double[k];
        for (int i = 0; i < used.length; i++) {
            w[used[i]] = subW[i];
        }
        return w;
    }

    private static double[] cholesky(double[][] g, double[] b, double maxDiagonal) {
        int k = b.length;
        double ridge = 0;
        while (true) {
            double[][] lower = factor(g, ridge, maxDiagonal);
            if (lower != null) {
                return substitute(lower, b);
            }
            ridge = ridge == 0 ? FIRST_RIDGE * maxDiagonal : ridge * 10;
            if (ridge > maxDiagonal * k) {
                throw new IllegalStateException("normal equations could not be factored: the Gram matrix has NaN");
            }
        }
    }

    /** The Cholesky factor L of G + ridge·I, or null when a pivot is too small (G singular). */
    private static double[][] factor(double[][] g, double ridge, double maxDiagonal) {
        int k = g.length;
        double[][] l = new double[k][k];
        for (int j = 0; j < k; j++) {
            double d = g[j][j] + ridge;
            for (int p = 0; p < j; p++) {
                d -= l[j][p] * l[j][p];
            }
            if (!(d > PIVOT_TOLERANCE * maxDiagonal)) {
                return null;
            }
            double pivot = Math.sqrt(d);
            l[j][j] = pivot;
            for (int i = j + 1; i < k; i++) {
                double s = g[i][j];
                for (int p = 0; p < j; p++) {
                    s -= l[i][p] * l[j][p];
                }
                l[i][j] = s / pivot;
            }
        }
        return l;
    }

    private static double[] substitute(double[][] l, double[] b) {
        int k = b.length;
        double[] y = new double[k];
        for (int i = 0; i < k; i++) {
            double s = b[i];
            for (int p = 0; p < i; p++) {
                s -= l[i][p] * y[p];
            }
            y[i] = s / l[i][i];
        }
        double[] w = new double[k];
        for (int i = k - 1; i >= 0; i--) {
            double s = y[i];
            for (int p = i + 1; p < k; p++) {
                s -= l[p][i] * w[p];
            }
            w[i] = s / l[i][i];
        }
        return w;
    }

    private static double[] coordinateDescent(double[][] g, double[] b, double l1) {
        int k = b.length;
        double[] w = new double[k];
        double half = l1 / 2;
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            double maxChange = 0;
            double maxWeight = 0;
            for (int j = 0; j < k; j++) {
                double gjj = g[j][j];
                double updated = 0;
                if (gjj > 0) {
                    double rho = b[j];
                    for (int p = 0; p < k; p++) {
                        if (p != j) {
                            rho -= lowerEntry(g, j, p) * w[p];
                        }
                    }
                    updated = Math.signum(rho) * Math.max(Math.abs(rho) - half, 0) / gjj;
                }
                maxChange = Math.max(maxChange, Math.abs(updated - w[j]));
                w[j] = updated;
                maxWeight = Math.max(maxWeight, Math.abs(updated));
            }
            if (maxChange <= CD_TOLERANCE * Math.max(1, maxWeight)) {
                break;
            }
        }
        return w;
    }

    private static double lowerEntry(double[][] g, int i, int j) {
        return i >= j ? g[i][j] : g[j][i];
    }
}
