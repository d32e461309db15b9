package io.quarry.evaluator;

/**
 * The batched numeric kernels of scoring. One declaration, two bindings: {@link PlainKernels} in
 * plain Java (the reference) and a DJL binding that runs them as NDArray operations on the best
 * device (GPU when present, else CPU). Every binding returns the plain reference's results within
 * 1e-9.
 *
 * <p>Layout: values of the scored days are time-major, {@code v[d * symbols + s]}; NaN = missing.
 */
public interface ScoringKernels extends AutoCloseable {

    /**
     * Per-day cross-sectional correlation of each alpha with the label.
     *
     * @param alphas   {@code alphas[a][d * symbols + s]}
     * @param label    {@code label[d * symbols + s]}
     * @param ranked   Spearman (Pearson of the average-tie ranks of the pairs present that day)
     *                 instead of Pearson
     * @param minPairs days with fewer (alpha, label) pairs both present give NaN
     * @return {@code [a][d]}: the day's correlation; NaN for too few pairs or zero variance
     */
    double[][] dailyCorrelations(double[][] alphas, double[] label, int days, int symbols, boolean ranked,
                                 int minPairs);

    /**
     * Pearson correlation matrix of m series observed together.
     *
     * @param series {@code series[i][k]}: observation k of series i, no NaN
     * @return m x m, symmetric, 1 on the diagonal (NaN row/column for a constant series)
     */
    double[][] correlationMatrix(double[][] series);

    /** Eigenvalues of a symmetric matrix, ascending. */
    double[] symmetricEigenvalues(double[][] symmetric);

    /**
     * Weights w minimising {@code ||sum_i w_i features[i] - target||^2 + l1 * sum_i |w_i|}.
     *
     * @param features {@code features[i][k]}: observation k of feature i, no NaN
     * @param target   observation k of the target
     * @param l1       L1 penalty, 0 for plain least squares
     */
    double[] leastSquares(double[][] features, double[] target, double l1);

    /** Where the kernels run, e.g. {@code "cpu (plain Java)"} or {@code "gpu(0) (DJL PyTorch)"}. */
    String device();

    @Override
    default void close() {
    }
}
