package io.quarry.dsl.eval;

/**
 * Sorts cross-sections with the bucket sort of the language's {@code rank}, for code outside the
 * evaluator that needs a cross-section's order rather than its ranks (Spearman correlations in
 * scoring). One instance per thread: it keeps the scratch arrays from one cross-section to the
 * next.
 */
public final class CrossSectionOrder {

    private final int capacity;
    private final CrossSectionKernels.RankScratch scratch;
    private final double[] row;
    private final double[] missing;
    private final int[] finite;

    /** Scratch for cross-sections of up to {@code capacity} values. */
    public CrossSectionOrder(int capacity) {
        this.capacity = capacity;
        this.scratch = new CrossSectionKernels.RankScratch(capacity);
        this.row = new double[capacity];
        this.missing = new double[capacity];
        this.finite = new int[capacity];
    }

    /**
     * Sorts the values of {@code v[base, base + n)} that are not NaN (infinities included).
     *
     * @param order receives the offsets (0 .. n-1) of those values in ascending order of value,
     *              equal values (-0.0 equals 0.0) in ascending order of offset
     * @return how many values are not NaN
     * @throws IllegalArgumentException when n exceeds the capacity
     */
    public int order(double[] v, int base, int n, int[] order) {
        if (n > capacity) {
            throw new IllegalArgumentException(n + " values, capacity " + capacity);
        }
        System.arraycopy(v, base, row, 0, n);
        int nan = 0;
        int negative = 0;
        int positive = 0;
        for (int i = 0; i < n; i++) {
            double x = row[i];
            nan += x != x ? 1 : 0;
            negative += x == Double.NEGATIVE_INFINITY ? 1 : 0;
            positive += x == Double.POSITIVE_INFINITY ? 1 : 0;
        }
        if (negative == 0 && positive == 0) {
            return CrossSectionKernels.order(row, missing, n, scratch, order);
        }
        // Rare: the infinities go around the finite values' order.
        int count = CrossSectionKernels.order(row, missing, n, scratch, finite);
        int k = 0;
        for (int i = 0; i < n && negative > 0; i++) {
            if (row[i] == Double.NEGATIVE_INFINITY) {
                order[k++] = i;
            }
        }
        System.arraycopy(finite, 0, order, k, count);
        k += count;
        for (int i = 0; i < n && positive > 0; i++) {
            if (row[i] == Double.POSITIVE_INFINITY) {
                order[k++] = i;
            }
        }
        return n - nan;
    }
}
