package io.quarry.dsl.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static io.quarry.dsl.eval.Kernels.EPS;
import static io.quarry.dsl.eval.Kernels.assertSeries;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Cross-sectional kernels against hand-computed values. */
class CrossSectionKernelsTest {

    private static final double N = Double.NaN;
    // ---------------------------------------------------------------- rank

    @Test
    void rankAveragesTiesAndSkipsMissing() {
        // Present: 3, 1, 3, 2 (4 values); sorted 1, 2, 3, 3 -> ranks 1, 2, 3.5, 3.5; / 4
        double[] in = {3, N, 1, 3, 2};
        double[] out = new double[5];
        CrossSectionKernels.rank(in, out, 5);
        assertSeries(out, 0.875, N, 0.25, 0.875, 0.5);
    }

    @Test
    void rankEdgeCases() {
        double[] out = new double[3];
        CrossSectionKernels.rank(new double[] {N, N, N}, out, 3);
        assertSeries(out, N, N, N);
        // A single present value has rank 1/1; infinity counts as missing.
        CrossSectionKernels.rank(new double[] {N, -4, Double.NEGATIVE_INFINITY}, out, 3);
        assertSeries(out, N, 1, N);
        // All tied: every value has the average rank (1+2+3)/3 = 2, / 3.
        CrossSectionKernels.rank(new double[] {7, 7, 7}, out, 3);
        assertSeries(out, 2.0 / 3, 2.0 / 3, 2.0 / 3);
        CrossSectionKernels.rank(new double[0], new double[0], 0);
        // Only the first n entries are used: [5, 1] -> 1, 0.5.
        double[] longer = {5, 1, -100, -100};
        double[] longerOut = {9, 9, 9, 9};
        CrossSectionKernels.rank(longer, longerOut, 2);
        assertSeries(longerOut, 1, 0.5, 9, 9);
    }

    @Test
    void rankOfARowWhosePresentValuesAreAllEqualIsTheirAverageRankToTheBit() {
        // Four present values, all 2 (infinity and NaN are missing): (1+2+3+4)/4 = 2.5, / 4.
        double[] out = new double[6];
        CrossSectionKernels.rank(new double[] {2, N, 2, Double.POSITIVE_INFINITY, 2, 2}, out, 6);
        assertThat(out).containsExactly(0.625, N, 0.625, N, 0.625, 0.625);
        // Three: (1+2+3)/3 = 2, / 3; in place, and -0.0 equals 0.0.
        double[] v = {-0.0, 0.0, N, 0.0};
        CrossSectionKernels.rank(v, v, 4);
        assertThat(v).containsExactly(2.0 / 3, 2.0 / 3, N, 2.0 / 3);
    }

    @Test
    void rankOrdersValuesThatDifferInTheLastBits() {
        double u = Math.ulp(1.0);
        // sorted: 1-u/2 (rank 1), 1, 1 (ranks 2 and 3 -> 2.5), 1+u (4), 1+2u (5); / 5
        double[] in = {1 + 2 * u, 1, 1 + u, 1, 1 - u / 2};
        double[] out = new double[5];
        CrossSectionKernels.rank(in, out, 5);
        assertThat(out).containsExactly(1.0, 0.5, 0.8, 0.5, 0.2);
    }

    @Test
    void rankWorksInPlaceAndTiesNegativeZero() {
        // -0.0 == 0.0: tied at ranks 2 and 3 -> 2.5 / 4
        double[] v = {0.0, 5, -0.0, -1};
        CrossSectionKernels.rank(v, v, 4);
        assertSeries(v, 0.625, 1, 0.625, 0.25);
    }

    @Test
    void rankMatchesPairwiseCountingOnRandomCrossSections() {
        Random r = new Random(20240611);
        for (int trial = 0; trial < 200; trial++) {
            int n = r.nextInt(601);
            double[] in = new double[n];
            for (int i = 0; i < n; i++) {
                // 10% missing; then small integers (many ties), values a few ulps apart
                // (equal in all but the lowest key bits), or continuous values of both signs
                int kind = r.nextInt(10);
                in[i] = kind == 0 ? N
                        : kind < 4 ? r.nextInt(5) - 2
                        : kind < 6 ? 1 + r.nextInt(4) * Math.ulp(1.0)
                        : r.nextGaussian() * Math.pow(10, r.nextInt(7) - 3);
            }
            double[] out = new double[n];
            CrossSectionKernels.rank(in, out, n);
            int present = 0;
            for (double v : in) {
                present += Double.isNaN(v) ? 0 : 1;
            }
            for (int i = 0; i < n; i++) {
                double expected = Double.NaN;
                if (!Double.isNaN(in[i])) {
                    // Average rank = number below + (number equal, itself included, + 1) / 2.
                    int below = 0;
                    int equal = 0;
                    for (double v : in) {
                        below += v < in[i] ? 1 : 0;
                        equal += v == in[i] ? 1 : 0;
                    }
                    expected = (below + (equal + 1) / 2.0) / present;
                }
                boolean ok = Double.isNaN(expected)
                        ? Double.isNaN(out[i]) : Math.abs(out[i] - expected) <= EPS;
                if (!ok) {
                    fail("trial " + trial + " index " + i + ": " + out[i] + " vs " + expected);
                }
            }
        }
    }

    @Test
    void rankIsExactOnOneSignedAndCrowdedRows() {
        // Rows of one sign (prices with cent rounding and neighbours one ulp apart: bucketed by
        // their keys) and rows of both signs crowded into a few buckets by an outlier (bucketed
        // linearly; large buckets take the sort-by-key path); infinities are missing. Each row is
        // also ranked with scratch reused from the rows before, whose counts of present values differ.
        Random r = new Random(7);
        CrossSectionKernels.RankScratch reused = new CrossSectionKernels.RankScratch(600);
        for (int trial = 0; trial < 300; trial++) {
            int n = r.nextInt(601);
            double[] in = new double[n];
            boolean oneSign = trial % 2 == 0;
            for (int i = 0; i < n; i++) {
                int kind = r.nextInt(20);
                double price = Math.round(Math.exp(r.nextDouble() * 6) * 100) / 100.0;
                in[i] = kind == 0 ? Double.POSITIVE_INFINITY
                        : kind == 1 ? (oneSign ? 0.0 : -0.0)
                        : kind < 6 ? Math.nextUp(price)
                        : oneSign ? price
                        : kind < 8 ? 1e12 * (r.nextInt(3) - 1)
                        : (r.nextInt(7) - 3) * 1e-3 + r.nextInt(3) * Math.ulp(1e-3);
            }
            double[] out = new double[n];
            double[] outReused = new double[n];
            CrossSectionKernels.rank(in, out, n, new CrossSectionKernels.RankScratch(n));
            CrossSectionKernels.rank(in, outReused, n, reused);
            double[] expected = pairwiseRank(in);
            for (int i = 0; i < n; i++) {
                if (Double.doubleToLongBits(out[i]) != Double.doubleToLongBits(expected[i])
                        || Double.doubleToLongBits(outReused[i]) != Double.doubleToLongBits(expected[i])) {
                    fail("trial " + trial + " index " + i + ": " + out[i] + " and " + outReused[i] + " vs "
                            + expected[i]);
                }
            }
        }
    }

    /**
     * Rank by counting, O(n^2): (number below + (number equal, itself included, + 1) / 2) / count
     * of present values, the same half-integer over the same count as the kernel's, so the same
     * bits.
     */
    private static double[] pairwiseRank(double[] in) {
        int present = 0;
        for (double v : in) {
            present += Double.isFinite(v) ? 1 : 0;
        }
        double[] ranks = new double[in.length];
        for (int i = 0; i < in.length; i++) {
            ranks[i] = Double.NaN;
            if (Double.isFinite(in[i])) {
                int below = 0;
                int equal = 0;
                for (double v : in) {
                    below += Double.isFinite(v) && v < in[i] ? 1 : 0;
                    equal += v == in[i] ? 1 : 0;
                }
                ranks[i] = (below + (equal + 1) / 2.0) / present;
            }
        }
        return ranks;
    }

    // ---------------------------------------------------------------- zscore / demean / scale

    @Test
    void zscoreUsesSampleStd() {
        // Present 1, 2, 3, 6: mean 3, deviations -2, -1, 0, 3, squares 14, var 14/3
        double std = Math.sqrt(14.0 / 3);
        double[] out = new double[5];
        CrossSectionKernels.zscore(new double[] {1, 2, 3, N, 6}, out, 5);
        assertSeries(out, -2 / std, -1 / std, 0, N, 3 / std);
    }

    @Test
    void zscoreIsNaNWithoutSpread() {
        double[] out = new double[3];
        CrossSectionKernels.zscore(new double[] {0.1, 0.1, 0.1}, out, 3);
        assertSeries(out, N, N, N);
        CrossSectionKernels.zscore(new double[] {N, 4, N}, out, 3);
        assertSeries(out, N, N, N);
        CrossSectionKernels.zscore(new double[] {N, N, N}, out, 3);
        assertSeries(out, N, N, N);
        CrossSectionKernels.zscore(new double[0], new double[0], 0);
    }

    @Test
    void demeanSubtractsTheMeanOfPresentValues() {
        double[] out = new double[5];
        // mean of 1, 2, 3, 6 is 3
        CrossSectionKernels.demean(new double[] {1, 2, 3, N, 6}, out, 5);
        assertSeries(out, -2, -1, 0, N, 3);
        // A constant cross-section demeans to exactly 0.
        double[] constant = {0.1, 0.1, 0.1};
        CrossSectionKernels.demean(constant, constant, 3);
        assertThat(constant).containsExactly(0.0, 0.0, 0.0);
        CrossSectionKernels.demean(new double[] {N, N}, out, 2);
        assertThat(out[0]).isNaN();
        assertThat(out[1]).isNaN();
    }

    @Test
    void scaleDividesByTheSumOfAbsoluteValues() {
        double[] out = new double[4];
        // |1| + |-3| + |4| = 8; x * 2 / 8
        CrossSectionKernels.scale(new double[] {1, -3, N, 4}, out, 4, 2);
        assertSeries(out, 0.25, -0.75, N, 1);
        CrossSectionKernels.scale(new double[] {1, -3, N, 4}, out, 4, 1);
        assertSeries(out, 0.125, -0.375, N, 0.5);
        // Sum 0 -> NaN.
        CrossSectionKernels.scale(new double[] {0, 0, N, 0}, out, 4, 1);
        assertSeries(out, N, N, N, N);
        // Infinite result -> NaN.
        CrossSectionKernels.scale(new double[] {1, 1, 1, 1}, out, 4, Double.POSITIVE_INFINITY);
        assertSeries(out, N, N, N, N);
    }

    // ---------------------------------------------------------------- neutralize

    @Test
    void neutralizeSubtractsTheGroupMean() {
        // group 0: 1, 2 (the NaN at index 5 is left out) -> mean 1.5
        // group 1: 3, 10 -> mean 6.5; index 4 has no group; group 2 has no member
        double[] in = {1, 2, 3, 10, 5, N};
        int[] groups = {0, 0, 1, 1, -1, 0};
        double[] out = new double[6];
        CrossSectionKernels.neutralize(in, groups, 3, out, 6);
        assertSeries(out, -0.5, 0.5, -3.5, 3.5, N, N);
    }

    @Test
    void neutralizeSingletonAndConstantGroupsGiveExactZero() {
        double[] in = {0.1, 0.1, 0.1, 42};
        int[] groups = {1, 1, 1, 0};
        double[] out = new double[4];
        CrossSectionKernels.neutralize(in, groups, 2, out, 4);
        assertThat(out).containsExactly(0.0, 0.0, 0.0, 0.0);
        CrossSectionKernels.neutralize(new double[0], new int[0], 0, new double[0], 0);
    }
}
