package io.quarry.evaluator;

import java.util.Arrays;

/**
 * Eigenvalues of a symmetric matrix in plain Java: Householder reduction to tridiagonal form, then
 * the implicit QL iteration (the EISPACK tred2/tql2 pair without eigenvectors).
 *
 * <p>Both kernel bindings use it: DJL 0.36 exposes no eigen-decomposition (its PyTorch binding has
 * no eigh, eigvalsh, svd or qr), and an NDArray-driven Jacobi would need hundreds of rounds of small,
 * dispatch-bound operations per matrix, no faster on a GPU for the pool's sizes (m up to a few
 * hundred) than this O(m^3) pass.
 */
final class SymmetricEigen {

    private static final double EPS = Math.ulp(1.0);
    /** QL iterations allowed per eigenvalue; two or three are typical. */
    private static final int MAX_ITERATIONS = 60;

    private SymmetricEigen() {
    }

    /**
     * Ascending eigenvalues.
     *
     * @throws IllegalArgumentException when the matrix is not square or an entry is not finite
     */
    static double[] eigenvalues(double[][] symmetric) {
        int n = symmetric.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) {
            if (symmetric[i].length != n) {
                throw new IllegalArgumentException("matrix is not square: row " + i + " has "
                        + symmetric[i].length + " entries, expected " + n);
            }
            for (int j = 0; j < n; j++) {
                if (!Double.isFinite(symmetric[i][j])) {
                    throw new IllegalArgumentException("matrix entry (" + i + ", " + j + ") is not finite: "
                            + symmetric[i][j]);
                }
            }
            a[i] = symmetric[i].clone();
        }
        double[] d = new double[n];
        double[] e = new double[n];
        tridiagonalise(a, d, e);
        diagonalise(d, e);
        Arrays.sort(d);
        return d;
    }

    /**
     * Householder reflections H = I - beta v v^T, one per column, applied from both sides:
     * leaves the diagonal in {@code d} and the subdiagonal in {@code e[0..n-2]}.
     */
    private static void tridiagonalise(double[][] a, double[] d, double[] e) {
        int n = a.length;
        double[] v = new double[n];
        double[] p = new double[n];
        for (int k = 0; k < n - 2; k++) {
            d[k] = a[k][k];
            double scale = 0;
            for (int i = k + 1; i < n; i++) {
                scale += Math.abs(a[i][k]);
            }
            if (scale == 0) {
                e[k] = 0;
                continue;
            }
            // Scaled so that squaring neither overflows nor underflows.
            double norm2 = 0;
            for (int i = k + 1; i < n; i++) {
                v[i] = a[i][k] / scale;
                norm2 += v[i] * v[i];
            }
            double alpha = -Math.copySign(Math.sqrt(norm2), v[k + 1]);
            double beta = 1 / (norm2 - v[k + 1] * alpha);
            v[k + 1] -= alpha;
            e[k] = alpha * scale;

            double vp = 0;
            for (int i = k + 1; i < n; i++) {
                double sum = 0;
                for (int j = k + 1; j < n; j++) {
                    sum += a[i][j] * v[j];
                }
                p[i] = beta * sum;
                vp += v[i] * p[i];
            }
            // H A H = A - v q^T - q v^T with q = p - (beta v^T p / 2) v.
            double half = beta * vp / 2;
            for (int i = k + 1; i < n; i++) {
                p[i] -= half * v[i];
            }
            for (int i = k + 1; i < n; i++) {
                for (int j = k + 1; j < n; j++) {
                    a[i][j] -= v[i] * p[j] + p[i] * v[j];
                }
            }
        }
        if (n >= 2) {
            d[n - 2] = a[n - 2][n - 2];
            e[n - 2] = a[n - 1][n - 2];
        }
        if (n >= 1) {
            d[n - 1] = a[n - 1][n - 1];
        }
    }

    /** Implicit QL with Wilkinson shifts on the tridiagonal (d, e); the eigenvalues end in d. */
    private static void diagonalise(double[] d, double[] e) {
        int n = d.length;
        double shift = 0;
        double tst1 = 0;
        for (int l = 0; l < n; l++) {
            tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
            int m = l;
            while (m < n - 1 && Math.abs(e[m]) > EPS * tst1) {
                m++;
            }
            int iterations = 0;
            while (m > l && Math.abs(e[l]) > EPS * tst1) {
                if (++iterations > MAX_ITERATIONS) {
                    throw new ArithmeticException("eigenvalue " + l + " did not converge");
                }
                double g = d[l];
                double p = (d[l + 1] - g) / (2 * e[l]);
                double r = Math.copySign(Math.hypot(p, 1), p);
                d[l] = e[l] / (p + r);
                d[l + 1] = e[l] * (p + r);
                double dl1 = d[l + 1];
                double h = g - d[l];
                for (int i = l + 2; i < n; i++) {
                    d[i] -= h;
                }
                shift += h;

                p = d[m];
                double c = 1;
                double c2 = 1;
                double c3 = 1;
                double el1 = e[l + 1];
                double s = 0;
                double s2 = 0;
                for (int i = m - 1; i >= l; i--) {
                    c3 = c2;
                    c2 = c;
                    s2 = s;
                    g = c * e[i];
                    h = c * p;
                    r = Math.hypot(p, e[i]);
                    e[i + 1] = s * r;
                    s = e[i] / r;
                    c = p / r;
                    p = c * d[i] - s * g;
                    d[i + 1] = h + s * (c * g + s * d[i]);
                }
                p = -s * s2 * c3 * el1 * e[l] / dl1;
                e[l] = s * p;
                d[l] = c * p;
            }
            d[l] += shift;
            e[l] = 0;
        }
    }
}
