package io.quarry.evaluator.djl;

/**
 * The k x k part of least squares in plain Java: minimises {@code w'Gw - 2 c'w + l1 |w|_1} given
 * {@code G = X X'} and {@code c = X y} (computed on NDArrays), with the rules of the plain reference
 * so that both bindings pick the same solution, singular cases included:
 *
 * <ul>
 *   <li>no feature, or only zero features: all weights 0;
 *   <li>{@code l1 = 0}: Cholesky of G; when a pivot is not above {@value #PIVOT_TOLERANCE} times the
 *       largest diagonal entry (a zero or collinear feature), a ridge of {@value #FIRST_RIDGE} times
 *       that entry is added and grown tenfold until the factorisation succeeds;
 *   <li>{@code l1 > 0}: cyclic coordinate descent from zero,
 *       {@code w_j = soft(c_j - sum_{i != j} G_ji w_i, l1 / 2) / G_jj} (0 for a zero feature), until
 *       no weight moves by more than {@value #CD_TOLERANCE} times max(1, largest weight) in a sweep.
 * </ul>
 */
final class NormalEquations {

    static final double PIVOT_TOLERANCE = 1e-12;
    static final double FIRST_RIDGE = 1e-12;
    static final double CD_TOLERANCE = 1e-13;
    private static final int MAX_SWEEPS = 100_000;

    private NormalEquations() {
    }

    /**
     * @param gram   row-major k x k, symmetric positive semi-definite; only its lower triangle is
     *               read (a matmul need not return an exactly symmetric product)
     * @param moment k
     * @param l1     finite, >= 0
     */
    static double[] solve(double[] gram, double[] moment, double l1) {
        int k = moment.length;
        double[] symmetric = gram.clone();
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < i; j++) {
                symmetric[j * k + i] = symmetric[i * k + j];
            }
        }
        double largestDiagonal = 0;
        for (int j = 0; j < k; j++) {
            largestDiagonal = Math.max(largestDiagonal, symmetric[j * k + j]);
        }
        if (largestDiagonal == 0) {
            return new double[k];
        }
        return l1 == 0 ? cholesky(symmetric, moment, largestDiagonal) : coordinateDescent(symmetric, moment, l1);
    }

    private static double[] cholesky(double[] gram, double[] moment, double largestDiagonal) {
        int k = moment.length;
        double ridge = 0;
        while (true) {
            double[] lower = factor(gram, k, ridge, PIVOT_TOLERANCE * largestDiagonal);
            if (lower != null) {
                return substitute(lower, moment);
            }
            ridge = ridge == 0 ? FIRST_RIDGE * largestDiagonal : ridge * 10;
            if (ridge > largestDiagonal * k) {
                throw new IllegalStateException("normal equations could not be factored: the Gram matrix has NaN");
            }
        }
    }

    /** The row-major Cholesky factor L of G + ridge I, or null when a pivot is not above the floor. */
    private static double[] factor(double[] gram, int k, double ridge, double floor) {
        double[] lower = new double[k * k];
        for (int j = 0; j < k; j++) {
            double pivot = gram[j * k + j] + ridge;
            for (int p = 0; p < j; p++) {
                pivot -= lower[j * k + p] * lower[j * k + p];
            }
            if (!(pivot > floor)) {
                return null;
            }
            double diagonal = Math.sqrt(pivot);
            lower[j * k + j] = diagonal;
            for (int i = j + 1; i < k; i++) {
                double sum = gram[i * k + j];
                for (int p = 0; p < j; p++) {
                    sum -= lower[i * k + p] * lower[j * k + p];
                }
                lower[i * k + j] = sum / diagonal;
            }
        }
        return lower;
    }

    /** Solves L L' w = c by forward then backward substitution. */
    private static double[] substitute(double[] lower, double[] moment) {
        int k = moment.length;
        double[] w = moment.clone();
        for (int i = 0; i < k; i++) {
            for (int p = 0; p < i; p++) {
                w[i] -= lower[i * k + p] * w[p];
            }
            w[i] /= lower[i * k + i];
        }
        for (int i = k - 1; i >= 0; i--) {
            for (int p = i + 1; p < k; p++) {
                w[i] -= lower[p * k + i] * w[p];
            }
            w[i] /= lower[i * k + i];
        }
        return w;
    }

    private static double[] coordinateDescent(double[] gram, double[] moment, double l1) {
        int k = moment.length;
        double[] w = new double[k];
        double threshold = l1 / 2;
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            double largestStep = 0;
            double largestWeight = 0;
            for (int j = 0; j < k; j++) {
                double gjj = gram[j * k + j];
                double next = 0;
                if (gjj > 0) {
                    double r = moment[j];
                    for (int i = 0; i < k; i++) {
                        if (i != j) {
                            r -= gram[j * k + i] * w[i];
                        }
                    }
                    next = Math.signum(r) * Math.max(Math.abs(r) - threshold, 0) / gjj;
                }
                largestStep = Math.max(largestStep, Math.abs(next - w[j]));
                largestWeight = Math.max(largestWeight, Math.abs(next));
                w[j] = next;
            }
            if (largestStep <= CD_TOLERANCE * Math.max(1, largestWeight)) {
                break;
            }
        }
        return w;
    }
}
