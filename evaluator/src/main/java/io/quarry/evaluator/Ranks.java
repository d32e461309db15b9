package io.quarry.evaluator;

import io.quarry.dsl.eval.CrossSectionSort;

/**
 * Cross-sectional ordering and average-tie ranks, shared by the Spearman correlations, RRE and PFS.
 *
 * <p>A day's values are sorted once ({@link #order}); the ranks of any subset of them (the symbols
 * where a second series is also present) then come from one linear walk ({@link #ranks}), so a
 * value vector is never sorted twice for different pairings.
 *
 * <p>Sorting is the language's own cross-sectional sort ({@link CrossSectionSort}: a two-pass radix
 * sort on 16-bit buckets of the values, each shared bucket then put in exact order), so ties and
 * -0.0 are ordered as the evaluator's {@code rank} orders them.
 */
final class Ranks {

    private Ranks() {
    }

    /** Scratch space for one thread: sized for a cross-section of {@code symbols}. */
    static final class Scratch {
        final CrossSectionSort sort;
        final int[] picked;

        Scratch(int symbols) {
            this.sort = new CrossSectionSort(symbols);
            this.picked = new int[symbols];
        }
    }

    /**
     * Sorts the present (non-NaN) values {@code v[base .. base + n)} ascending, equal values in
     * ascending order of symbol.
     *
     * @param order receives the symbol indices (0..n-1) of the present values in ascending order
     * @return how many values are present
     */
    static int order(double[] v, int base, int n, Scratch scratch, int[] order) {
        return scratch.sort.order(v, base, n, order);
    }

    /**
     * Average-tie ranks (1..k) of the ordered values restricted to the symbols where
     * {@code other[otherBase + s]} is present (all of them when {@code other} is null).
     *
     * @param out receives {@code out[s]} for each ranked symbol s; other entries are untouched
     * @return k, the number of symbols ranked; {@code scratch.picked[0 .. k)} holds them in order
     */
    static int ranks(double[] v, int base, int[] order, int count, double[] other, int otherBase, Scratch scratch,
                     double[] out) {
        int[] picked = scratch.picked;
        int k = 0;
        for (int i = 0; i < count; i++) {
            int s = order[i];
            if (other == null || !Double.isNaN(other[otherBase + s])) {
                picked[k++] = s;
            }
        }
        int i = 0;
        while (i < k) {
            double x = v[base + picked[i]];
            int j = i + 1;
            while (j < k && v[base + picked[j]] == x) {
                j++;
            }
            // Positions i..j-1 (0-based) hold ranks i+1..j: their average.
            double rank = (i + 1 + j) / 2.0;
            for (int p = i; p < j; p++) {
                out[picked[p]] = rank;
            }
            i = j;
        }
        return k;
    }
}
