package io.quarry.dsl.eval;

/**
 * The language's cross-sectional sort for code outside the evaluator: a cross-section's order
 * (Spearman correlations in scoring) or its {@code rank()} (the stream's combined signal), both by
 * the bucket sort of {@code rank}. One instance per thread: it keeps the scratch arrays from one
 * cross-section to the next.
 */
public final class CrossSectionSort {

    private final int capacity;
    private final CrossSectionKernels.RankScratch scratch;
    private final double[] row;
    private final double[] missing;
    private final int[] finite;

    /** Scratch for cross-sections of up to {@code capacity} values. */
    public CrossSectionSort(int capacity) {
        this.capacity = capacity;
        this.scratch = new CrossSectionKernels.RankScratch(capacity);
        this.row = new double[capacity];
        this.missing = new double[capacity];
        this.finite = new int[capacity];
    }

    /**
     * {@code rank()} of {@code in[0, n)} into {@code out[0, n)} as the language defines it: the
     * average 1-based rank of ties (-0.0 equals 0.0) over the count of finite values, in (0, 1];
     * NaN for every value that is not finite.
     *
     * @throws IllegalArgumentException when n exceeds the capacity
     */
    public void rank(double[] in, double[] out, int n) {
        requireCapacity(n);
        CrossSectionKernels.rank(in, out, n, scratch);
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
        requireCapacity(n);
        System.arraycopy(v, base, row, 0, n);
        int negative = 0;
        int positive = 0;
        for (int i = 0; i < n; i++) {
            double x = row[i];
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
        return k;
    }

    /** How many values one call may sort. */
    public int capacity() {
        return capacity;
    }

    private void requireCapacity(int n) {
        if (n > capacity) {
            throw new IllegalArgumentException(n + " values, capacity " + capacity);
        }
    }
}
