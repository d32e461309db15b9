package io.quarry.evaluator;

import java.util.ArrayList;
import java.util.List;

/**
 * The diversity of a set of alphas: the entropy of the eigenvalues of their correlation matrix,
 * normalised by log m (AlphaEval).
 *
 * <p>The correlation matrix is that of the alphas' stacked daily z-scores (see
 * {@link AlphaPool#zScores}: per scoring day across the symbols where the alpha and the label are
 * present, 0 where it is missing): for alphas present on the same cells it is the average of the
 * days' cross-sectional correlations weighted by n_d - 1; where one alpha is missing, it counts as
 * that day's mean, which draws the correlations of a sparse alpha towards 0. Being a Gram matrix it
 * is positive semi-definite, and one matrix computation serves all pairs. An alpha without any
 * variation is left out.
 *
 * <p>Then with eigenvalues {@code lambda_i} (clipped at 0) and {@code p_i = lambda_i / sum lambda}:
 * {@code H = -sum p_i ln p_i / ln m} (0 ln 0 = 0), in [0, 1]: 0 when all alphas are the same signal
 * (one eigenvalue m, the others 0), 1 when they are uncorrelated (every eigenvalue 1). A set of one
 * alpha has diversity 0; an empty set NaN.
 */
final class Diversity {

    private Diversity() {
    }

    /** Diversity of the alphas, given their stacked z-scores. */
    static double of(List<double[]> zScores, ScoringKernels kernels) {
        int m = zScores.size();
        if (m == 0) {
            return Double.NaN;
        }
        double[][] corr = kernels.correlationMatrix(zScores.toArray(double[][]::new));
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            if (!Double.isNaN(corr[i][i])) {
                kept.add(i);
            }
        }
        int k = kept.size();
        if (k == 0) {
            return Double.NaN;
        }
        if (k == 1) {
            return 0;
        }
        double[][] sub = new double[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                sub[i][j] = corr[kept.get(i)][kept.get(j)];
            }
        }
        return entropy(kernels.symmetricEigenvalues(sub));
    }

    /** {@code -sum p ln p / ln m} of the eigenvalues clipped at 0, m their count. */
    static double entropy(double[] eigenvalues) {
        int m = eigenvalues.length;
        double total = 0;
        for (double lambda : eigenvalues) {
            total += Math.max(0, lambda);
        }
        if (m < 2 || !(total > 0)) {
            return m == 1 ? 0 : Double.NaN;
        }
        double h = 0;
        for (double lambda : eigenvalues) {
            double p = Math.max(0, lambda) / total;
            if (p > 0) {
                h -= p * Math.log(p);
            }
        }
        return Math.max(0, Math.min(1, h / Math.log(m)));
    }
}
