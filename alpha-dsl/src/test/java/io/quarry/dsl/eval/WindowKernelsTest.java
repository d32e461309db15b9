package io.quarry.dsl.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static io.quarry.dsl.eval.Kernels.EPS;
import static io.quarry.dsl.eval.Kernels.assertSeries;
import static io.quarry.dsl.eval.Kernels.run;

import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import io.quarry.dsl.eval.Kernels.Bi;
import io.quarry.dsl.eval.Kernels.Uni;
import org.junit.jupiter.api.Test;

/** Window kernels against hand-computed values (the arithmetic is in the comments). */
class WindowKernelsTest {

    private static final double N = Double.NaN;

    /** Every single-input kernel except delay/delta (whose d rules differ). */
    private static final Map<String, Uni> WINDOWED = Map.ofEntries(
            Map.entry("sum", WindowKernels::sum),
            Map.entry("product", WindowKernels::product),
            Map.entry("mean", WindowKernels::mean),
            Map.entry("tsMin", WindowKernels::tsMin),
            Map.entry("tsMax", WindowKernels::tsMax),
            Map.entry("median", WindowKernels::median),
            Map.entry("mad", WindowKernels::mad),
            Map.entry("stddev", WindowKernels::stddev),
            Map.entry("variance", WindowKernels::variance),
            Map.entry("skew", WindowKernels::skew),
            Map.entry("kurt", WindowKernels::kurt),
            Map.entry("tsRank", WindowKernels::tsRank),
            Map.entry("tsArgMax", WindowKernels::tsArgMax),
            Map.entry("tsArgMin", WindowKernels::tsArgMin),
            Map.entry("decayLinear", WindowKernels::decayLinear),
            Map.entry("slope", WindowKernels::slope),
            Map.entry("rsquare", WindowKernels::rsquare),
            Map.entry("resi", WindowKernels::resi));

    // ---------------------------------------------------------------- delay / delta

    @Test
    void delayShiftsBackwardAndForward() {
        double[] x = {1, 2, 3, 4, 5};
        assertSeries(run(WindowKernels::delay, x, 2), N, N, 1, 2, 3);
        assertSeries(run(WindowKernels::delay, x, 0), 1, 2, 3, 4, 5);
        // d = -1 looks one row ahead: out[t] = x[t + 1].
        assertSeries(run(WindowKernels::delay, x, -1), 2, 3, 4, 5, N);
        assertSeries(run(WindowKernels::delay, x, 5), N, N, N, N, N);
        assertSeries(run(WindowKernels::delay, x, -7), N, N, N, N, N);
        assertSeries(run(WindowKernels::delay, x, Integer.MIN_VALUE), N, N, N, N, N);
        assertSeries(run(WindowKernels::delay, new double[] {1, N, 3}, 1), N, 1, N);
    }

    @Test
    void deltaSubtractsTheShiftedValue() {
        double[] x = {1, 4, 9, 16, 25};
        // 4-1, 9-4, 16-9, 25-16
        assertSeries(run(WindowKernels::delta, x, 1), N, 3, 5, 7, 9);
        // d = -2: x[t] - x[t+2] = 1-9, 4-16, 9-25
        assertSeries(run(WindowKernels::delta, x, -2), -8, -12, -16, N, N);
        assertSeries(run(WindowKernels::delta, x, 0), 0, 0, 0, 0, 0);
        assertSeries(run(WindowKernels::delta, new double[] {1, N, 3, 4}, 1), N, N, N, 1);
        // 1e308 - (-1e308) overflows to +inf, reported as NaN.
        assertSeries(run(WindowKernels::delta, new double[] {-1e308, 1e308}, 1), N, N);
    }

    // ---------------------------------------------------------------- sum / mean / product

    @Test
    void sumOverFullWindows() {
        // 1+2+3, 2+3+4, 3+4+5
        assertSeries(run(WindowKernels::sum, new double[] {1, 2, 3, 4, 5}, 3), N, N, 6, 9, 12);
        // NaN at the start: first window [1,2] ends at index 2.
        assertSeries(run(WindowKernels::sum, new double[] {N, 1, 2, 3, 4}, 2), N, N, 3, 5, 7);
        // d = 1 is the identity.
        assertSeries(run(WindowKernels::sum, new double[] {1, N, 3}, 1), 1, N, 3);
    }

    @Test
    void missingValueInsideTheWindowBlanksExactlyDOutputs() {
        // NaN at index 2, d = 2: windows ending at 2 and 3 contain it; 4+5, 5+6, 6+7 after.
        assertSeries(run(WindowKernels::sum, new double[] {1, 2, N, 4, 5, 6, 7}, 2),
                N, 3, N, N, 9, 11, 13);
        // Infinity counts as missing exactly like NaN.
        double inf = Double.POSITIVE_INFINITY;
        assertSeries(run(WindowKernels::sum, new double[] {1, 2, inf, 4, 5}, 2), N, 3, N, N, 9);
    }

    @Test
    void everyWindowKernelIsBlankedForExactlyDRowsAfterAMissingValue() {
        int d = 4;
        int gap = 9;
        double[] x = new double[24];
        for (int i = 0; i < x.length; i++) {
            x[i] = 1 + (i * 7 % 5) + 0.25 * i; // no constant windows, no ties across rows
        }
        x[gap] = N;
        WINDOWED.forEach((name, k) -> {
            double[] out = run(k, x, d);
            for (int t = 0; t < x.length; t++) {
                boolean blank = t < d - 1 || (t >= gap && t < gap + d);
                if (blank) {
                    assertThat(out[t]).as("%s at %d", name, t).isNaN();
                } else {
                    assertThat(out[t]).as("%s at %d", name, t).isFinite();
                }
            }
        });
    }

    @Test
    void kernelsTouchOnlyTheirRange() {
        // Values outside [off, off+len) are huge so that reading them would show;
        // out must keep -7 there.
        double[] x = {1e300, 1e300, 1, 2, 3, 4, 1e300};
        WINDOWED.forEach((name, k) -> {
            double[] out = {-7, -7, -7, -7, -7, -7, -7};
            k.apply(x, out, 2, 4, 2);
            assertThat(out[0]).as(name).isEqualTo(-7);
            assertThat(out[1]).as(name).isEqualTo(-7);
            assertThat(out[2]).as(name).isNaN();
            assertThat(out[6]).as(name).isEqualTo(-7);
        });
        double[] out = {-7, -7, -7, -7, -7, -7, -7};
        WindowKernels.sum(x, out, 2, 4, 2);
        assertSeries(out, -7, -7, N, 3, 5, 7, -7);
        WindowKernels.delay(x, out, 2, 4, -1);
        assertSeries(out, -7, -7, 2, 3, 4, N, -7);
    }

    @Test
    void parallelCallsOnDisjointRangesMatchSequentialOnes() {
        int symbols = 64;
        int rows = 200;
        double[] x = new double[symbols * rows];
        Random r = new Random(5);
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextInt(50) == 0 ? N : 100 + r.nextGaussian();
        }
        WINDOWED.forEach((name, k) -> {
            double[] sequential = new double[x.length];
            double[] parallel = new double[x.length];
            for (int s = 0; s < symbols; s++) {
                k.apply(x, sequential, s * rows, rows, 7);
            }
            IntStream.range(0, symbols).parallel()
                    .forEach(s -> k.apply(x, parallel, s * rows, rows, 7));
            assertThat(parallel).as(name).containsExactly(sequential);
        });
    }

    @Test
    void windowLongerThanTheSeriesIsAllNaNAndNonPositiveWindowIsRejected() {
        WINDOWED.forEach((name, k) -> assertSeries(run(k, new double[] {1, 2, 3}, 4), N, N, N));
        assertThatThrownBy(() -> run(WindowKernels::sum, new double[] {1}, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> run(WindowKernels::ema, new double[] {1}, -1))
                .isInstanceOf(IllegalArgumentException.class);
        // Empty range: nothing to do, nothing thrown.
        WindowKernels.variance(new double[0], new double[0], 0, 0, 5);
    }

    @Test
    void meanAndConstantWindowMeanIsExact() {
        // (2+4)/2, (4+6)/2, (6+8)/2
        assertSeries(run(WindowKernels::mean, new double[] {2, 4, 6, 8}, 2), N, 3, 5, 7);
        double[] out = run(WindowKernels::mean, new double[] {0.1, 0.1, 0.1, 0.1, 0.1}, 3);
        assertThat(out[2]).isEqualTo(0.1);
        assertThat(out[4]).isEqualTo(0.1);
    }

    @Test
    void infiniteResultsBecomeNaN() {
        // 1e308 + 1e308 = +inf.
        assertSeries(run(WindowKernels::sum, new double[] {1e308, 1e308, 1}, 2), N, N, 1e308 + 1);
        // 1e200 * 1e200 = +inf; 1e200 * 1 = 1e200.
        assertSeries(run(WindowKernels::product, new double[] {1e200, 1e200, 1}, 2), N, N, 1e200);
        // [1e200, -1e200]: squared deviations ~1e400 overflow.
        assertSeries(run(WindowKernels::variance, new double[] {1e200, -1e200}, 2), N, N);
    }

    @Test
    void product() {
        // 1*2*3, 2*3*4, 3*4*5, 4*5*0
        assertSeries(run(WindowKernels::product, new double[] {1, 2, 3, 4, 5, 0}, 3),
                N, N, 6, 24, 60, 0);
        // -1*2, 2*-3, -3*0.5
        assertSeries(run(WindowKernels::product, new double[] {-1, 2, -3, 0.5}, 2),
                N, -2, -6, -1.5);
    }

    // ---------------------------------------------------------------- extremes

    @Test
    void tsMinAndTsMax() {
        double[] x = {3, 1, 4, 1, 5, 9, 2, 6};
        // windows [3,1,4] [1,4,1] [4,1,5] [1,5,9] [5,9,2] [9,2,6]
        assertSeries(run(WindowKernels::tsMin, x, 3), N, N, 1, 1, 1, 1, 2, 2);
        assertSeries(run(WindowKernels::tsMax, x, 3), N, N, 4, 4, 5, 9, 9, 9);
        assertSeries(run(WindowKernels::tsMax, x, 1), x);
    }

    @Test
    void argMaxAndArgMinCountFromTheOldestRow() {
        double[] x = {3, 1, 4, 1, 5, 9, 2, 6};
        // max of [3,1,4] at 3; [1,4,1] at 2; [4,1,5] at 3; [1,5,9] at 3; [5,9,2] at 2; [9,2,6] at 1
        assertSeries(run(WindowKernels::tsArgMax, x, 3), N, N, 3, 2, 3, 3, 2, 1);
        // min of [3,1,4] at 2; [1,4,1] tie at 1 and 3 -> 1; [4,1,5] at 2; [1,5,9] at 1;
        // [5,9,2] at 3; [9,2,6] at 2
        assertSeries(run(WindowKernels::tsArgMin, x, 3), N, N, 2, 1, 2, 1, 3, 2);
        assertSeries(run(WindowKernels::tsArgMax, new double[] {1, 2}, 1), 1, 1);
    }

    @Test
    void argMaxTiesGoToTheOldestRow() {
        // All equal: the oldest row of every window.
        assertSeries(run(WindowKernels::tsArgMax, new double[] {2, 2, 2, 2, 2}, 3), N, N, 1, 1, 1);
        assertSeries(run(WindowKernels::tsArgMin, new double[] {2, 2, 2, 2, 2}, 3), N, N, 1, 1, 1);
        // [5,1,5] -> 1; [1,5,5] -> 2; [5,5,1] -> 1; [5,1,5] -> 1
        assertSeries(run(WindowKernels::tsArgMax, new double[] {5, 1, 5, 5, 1, 5}, 3),
                N, N, 1, 2, 1, 1);
        // min: [1,5,1] -> 1; [5,1,1] -> 2; [1,1,5] -> 1; [1,5,1] -> 1
        assertSeries(run(WindowKernels::tsArgMin, new double[] {1, 5, 1, 1, 5, 1}, 3),
                N, N, 1, 2, 1, 1);
    }

    // ---------------------------------------------------------------- order statistics

    @Test
    void medianOddAndEvenWindows() {
        double[] x = {5, 1, 4, 2, 3};
        // sorted [1,4,5] -> 4; [1,2,4] -> 2; [2,3,4] -> 3
        assertSeries(run(WindowKernels::median, x, 3), N, N, 4, 2, 3);
        // [1,2,4,5] -> (2+4)/2 = 3; [1,2,3,4] -> (2+3)/2 = 2.5
        assertSeries(run(WindowKernels::median, x, 4), N, N, N, 3, 2.5);
        // duplicates: [2,2] -> 2; [2,1] -> 1.5; [1,2] -> 1.5; [2,2] -> 2
        assertSeries(run(WindowKernels::median, new double[] {2, 2, 1, 2, 2}, 2),
                N, 2, 1.5, 1.5, 2);
    }

    @Test
    void tsRankAveragesTies() {
        // [3,1,3], today 3: ranks of the 3s are 2 and 3 -> 2.5 / 3
        assertSeries(run(WindowKernels::tsRank, new double[] {3, 1, 3}, 3), N, N, 2.5 / 3);
        // [1,2,3] today 3 -> 3/3; [2,3,2] today 2 -> ranks 1,2 -> 1.5/3; [3,2,2] -> 1.5/3;
        // [2,2,5] -> 3/3; [2,5,0] -> 1/3
        assertSeries(run(WindowKernels::tsRank, new double[] {1, 2, 3, 2, 2, 5, 0}, 3),
                N, N, 1, 0.5, 0.5, 1, 1.0 / 3);
        assertSeries(run(WindowKernels::tsRank, new double[] {4, N, 1}, 1), 1, N, 1);
    }

    // ---------------------------------------------------------------- dispersion and shape

    @Test
    void varianceAndStddev() {
        double[] x = {1, 2, 3, 4, 6};
        // [1,2,3]: mean 2, squared deviations 1+0+1 = 2, /2 = 1; [2,3,4] the same;
        // [3,4,6]: mean 13/3, deviations -4/3, -1/3, 5/3, squares (16+1+25)/9 = 14/3, /2 = 7/3
        assertSeries(run(WindowKernels::variance, x, 3), N, N, 1, 1, 7.0 / 3);
        assertSeries(run(WindowKernels::stddev, x, 3), N, N, 1, 1, Math.sqrt(7.0 / 3));
        // d = 1: ddof 1 leaves no degree of freedom.
        assertSeries(run(WindowKernels::variance, x, 1), N, N, N, N, N);
        assertSeries(run(WindowKernels::stddev, x, 1), N, N, N, N, N);
    }

    @Test
    void constantWindowHasExactlyZeroDispersion() {
        double[] x = {0.3, 0.1, 0.1, 0.1, 0.1, 0.7};
        double[] var = run(WindowKernels::variance, x, 3);
        double[] std = run(WindowKernels::stddev, x, 3);
        double[] mad = run(WindowKernels::mad, x, 3);
        double[] cov = run(WindowKernels::covariance, x, x, 3);
        for (int t : new int[] {3, 4}) { // windows [0.1,0.1,0.1]
            assertThat(var[t]).isEqualTo(0.0);
            assertThat(std[t]).isEqualTo(0.0);
            assertThat(mad[t]).isEqualTo(0.0);
            assertThat(cov[t]).isEqualTo(0.0);
        }
        assertThat(var[2]).isGreaterThan(0);
        assertThat(var[5]).isGreaterThan(0);
    }

    @Test
    void meanAbsoluteDeviation() {
        // [1,2,3]: mean 2, |dev| 1+0+1 = 2, /3; [2,3,4] the same;
        // [3,4,10]: mean 17/3, |dev| 8/3 + 5/3 + 13/3 = 26/3, /3 = 26/9
        assertSeries(run(WindowKernels::mad, new double[] {1, 2, 3, 4, 10}, 3),
                N, N, 2.0 / 3, 2.0 / 3, 26.0 / 9);
        assertSeries(run(WindowKernels::mad, new double[] {1, 5}, 1), 0, 0);
    }

    @Test
    void skewIsPandasBiasCorrected() {
        // [1,2,4]: mean 7/3, deviations -4/3, -1/3, 5/3
        // m2 = (16+1+25)/9/3 = 14/9, m3 = (-64-1+125)/27/3 = 20/27
        // G1 = sqrt(3*2)/(3-2) * m3 / m2^1.5
        double expected = Math.sqrt(6) * (20.0 / 27) / Math.pow(14.0 / 9, 1.5);
        assertSeries(run(WindowKernels::skew, new double[] {1, 2, 4}, 3), N, N, expected);
        // symmetric window -> 0
        assertSeries(run(WindowKernels::skew, new double[] {1, 2, 3}, 3), N, N, 0);
        assertSeries(run(WindowKernels::skew, new double[] {1, 2, 4}, 2), N, N, N);
        // [5,5,5] is constant -> NaN; [5,5,1]: mean 11/3, deviations 4/3, 4/3, -8/3
        // m2 = (2*16/9 + 64/9)/3, m3 = (2*(4/3)^3 - (8/3)^3)/3
        assertSeries(run(WindowKernels::skew, new double[] {5, 5, 5, 1}, 3), N, N, N,
                Math.sqrt(6) * (2 * Math.pow(4.0 / 3, 3) - Math.pow(8.0 / 3, 3)) / 3
                        / Math.pow((2 * 16.0 / 9 + 64.0 / 9) / 3, 1.5));
    }

    @Test
    void kurtIsPandasBiasCorrectedExcess() {
        // [1,2,3,10]: mean 4, deviations -3,-2,-1,6; sum d^2 = 50, sum d^4 = 81+16+1+1296 = 1394
        // m2 = 12.5, m4 = 348.5; G2 = ((16-1) * 348.5 / 156.25 - 3 * 9) / (2 * 1) = 3.228
        assertSeries(run(WindowKernels::kurt, new double[] {1, 2, 3, 10}, 4), N, N, N, 3.228);
        assertSeries(run(WindowKernels::kurt, new double[] {1, 2, 3, 10}, 3), N, N, N, N);
        // [2,2,2,2] is constant -> NaN; [2,2,2,1]: mean 7/4, deviations 1/4,1/4,1/4,-3/4
        // m2 = (3/16 + 9/16)/4 = 3/16, m4 = (3/256 + 81/256)/4 = 21/256, m4/m2^2 = 7/3
        // G2 = (15 * 7/3 - 27) / 2 = 4
        assertSeries(run(WindowKernels::kurt, new double[] {2, 2, 2, 2, 1}, 4), N, N, N, N, 4);
        assertSeries(run(WindowKernels::skew, new double[] {0.1, 0.1, 0.1}, 3), N, N, N);
    }

    // ---------------------------------------------------------------- weighted and smoothed

    @Test
    void decayLinearWeightsTodayMost() {
        // weights 1,2,3 (oldest..today) / 6: (1+4+9)/6 = 14/6, (2+6+12)/6 = 20/6
        assertSeries(run(WindowKernels::decayLinear, new double[] {1, 2, 3, 4}, 3),
                N, N, 14.0 / 6, 20.0 / 6);
        // [10,0,0] -> 10*1/6; [0,0,6] -> 6*3/6 = 3
        assertSeries(run(WindowKernels::decayLinear, new double[] {10, 0, 0, 6}, 3),
                N, N, 10.0 / 6, 3);
        assertSeries(run(WindowKernels::decayLinear, new double[] {7, N, 9}, 1), 7, N, 9);
    }

    @Test
    void emaSkipsMissingRowsAndWaitsForDValues() {
        // a = 2/3. Seed 1 (1 value seen -> NaN); 2/3*2 + 1/3*1 = 5/3; NaN row keeps state;
        // 2/3*3 + 1/3*5/3 = 23/9; 2/3*4 + 1/3*23/9 = 95/27
        assertSeries(run(WindowKernels::ema, new double[] {N, 1, 2, N, 3, 4}, 2),
                N, N, 5.0 / 3, N, 23.0 / 9, 95.0 / 27);
        assertSeries(run(WindowKernels::ema, new double[] {N, 1, 2, N}, 1), N, 1, 2, N);
        assertSeries(run(WindowKernels::ema, new double[] {1, N, 2}, 5), N, N, N);
    }

    // ---------------------------------------------------------------- two series

    @Test
    void covarianceAndCorrelation() {
        double[] x = {1, 2, 3, 4};
        double[] y = {2, 4, 7, 8};
        // [1,2,3] vs [2,4,7]: x dev -1,0,1; y mean 13/3, dev -7/3,-1/3,8/3; co-moment 7/3+8/3 = 5
        //   cov 5/2; y squares (49+1+64)/9 = 38/3; corr 5 / sqrt(2 * 38/3)
        // [2,3,4] vs [4,7,8]: y mean 19/3, dev -7/3,2/3,5/3; co-moment 7/3+5/3 = 4
        //   cov 2; y squares (49+4+25)/9 = 26/3; corr 4 / sqrt(2 * 26/3)
        assertSeries(run(WindowKernels::covariance, x, y, 3), N, N, 2.5, 2);
        assertSeries(run(WindowKernels::correlation, x, y, 3), N, N,
                5 / Math.sqrt(2 * 38.0 / 3), 4 / Math.sqrt(2 * 26.0 / 3));
    }

    @Test
    void correlationIsNaNOnAConstantWindowAndUnitForTwoRows() {
        double[] x = {1, 1, 1, 2};
        double[] y = {3, 5, 4, 9};
        // [1,1,1] vs [3,5,4]: x constant -> corr NaN, cov exactly 0.
        // [1,1,2] vs [5,4,9]: x dev -1/3,-1/3,2/3; y mean 6, dev -1,-2,3; co-moment 1/3+2/3+2 = 3
        //   cov 3/2; x squares 6/9 = 2/3; y squares 1+4+9 = 14; corr 3 / sqrt(2/3 * 14)
        assertSeries(run(WindowKernels::correlation, x, y, 3), N, N, N, 3 / Math.sqrt(28.0 / 3));
        double[] cov = run(WindowKernels::covariance, x, y, 3);
        assertThat(cov[2]).isEqualTo(0.0);
        assertThat(cov[3]).isCloseTo(1.5, within(EPS));
        // Two rows always lie on a line: +1 or -1, or NaN when either pair is flat.
        assertSeries(run(WindowKernels::correlation, x, y, 2), N, N, N, 1);
        // x 1->2 up, y 5->3 down: -1; 2->0 down, 3->4 up: -1; 0->5 up, 4->6 up: +1
        assertSeries(run(WindowKernels::correlation, new double[] {1, 2, 0, 5},
                new double[] {5, 3, 4, 6}, 2), N, -1, -1, 1);
        assertSeries(run(WindowKernels::correlation, x, y, 1), N, N, N, N);
        // A missing value in either series blanks the pair's windows.
        assertSeries(run(WindowKernels::covariance, new double[] {1, 2, 3, 4},
                new double[] {1, N, 3, 5}, 2), N, N, N, 1);
    }

    // ---------------------------------------------------------------- regression on time

    @Test
    void slopeRsquareResi() {
        double[] x = {1, 3, 2, 5};
        // [1,3,2] on t=1,2,3: t dev -1,0,1; sum (t-2) x = -1+2 = 1; Stt = 2 -> slope 1/2;
        //   mean 2, Sxx = 1+1+0 = 2 -> r2 = 1^2/(2*2) = 1/4; fitted(3) = 2 + 1/2 -> resi -1/2
        // [3,2,5]: sum (t-2) x = -3+5 = 2 -> slope 1; mean 10/3;
        //   Sxx = (1+16+25)/9 = 14/3 -> r2 = 4/(2*14/3) = 3/7; fitted(3) = 10/3 + 1 -> resi 2/3
        assertSeries(run(WindowKernels::slope, x, 3), N, N, 0.5, 1);
        assertSeries(run(WindowKernels::rsquare, x, 3), N, N, 0.25, 3.0 / 7);
        assertSeries(run(WindowKernels::resi, x, 3), N, N, -0.5, 2.0 / 3);
        // Two rows: a perfect line.
        assertSeries(run(WindowKernels::rsquare, x, 2), N, 1, 1, 1);
        assertSeries(run(WindowKernels::resi, x, 2), N, 0, 0, 0);
        assertSeries(run(WindowKernels::slope, x, 2), N, 2, -1, 3);
        assertSeries(run(WindowKernels::slope, x, 1), N, N, N, N);
        assertSeries(run(WindowKernels::resi, x, 1), N, N, N, N);
    }

    @Test
    void regressionOnAConstantWindow() {
        double[] x = {0.7, 0.1, 0.1, 0.1, 0.1};
        double[] slope = run(WindowKernels::slope, x, 3);
        double[] r2 = run(WindowKernels::rsquare, x, 3);
        double[] resi = run(WindowKernels::resi, x, 3);
        for (int t : new int[] {3, 4}) {
            assertThat(slope[t]).isEqualTo(0.0);
            assertThat(r2[t]).isNaN();
            assertThat(resi[t]).isEqualTo(0.0);
        }
    }

    @Test
    void longerSeriesCrossBlockBoundaries() {
        // x = t^2 for t = 0..9, d = 3. Each window [a^2, (a+1)^2, (a+2)^2]:
        // sum = 3a^2 + 6a + 5; sample variance: deviations of t^2 over three consecutive t:
        // values a^2, a^2+2a+1, a^2+4a+4; mean a^2 + 2a + 5/3;
        // devs -(2a+5/3), -2/3, 2a+7/3 -> var = ((2a+5/3)^2 + 4/9 + (2a+7/3)^2) / 2
        // slope: ((a+2)^2 - a^2) / 2 = 2a + 2; decay: (a^2 + 2(a+1)^2 + 3(a+2)^2) / 6
        double[] x = new double[10];
        for (int t = 0; t < 10; t++) {
            x[t] = t * t;
        }
        double[] sum = run(WindowKernels::sum, x, 3);
        double[] var = run(WindowKernels::variance, x, 3);
        double[] slope = run(WindowKernels::slope, x, 3);
        double[] decay = run(WindowKernels::decayLinear, x, 3);
        double[] max = run(WindowKernels::tsArgMax, x, 3);
        for (int t = 2; t < 10; t++) {
            double a = t - 2;
            double e1 = 2 * a + 5.0 / 3;
            double e3 = 2 * a + 7.0 / 3;
            assertThat(sum[t]).isCloseTo(3 * a * a + 6 * a + 5, within(EPS));
            assertThat(var[t]).isCloseTo((e1 * e1 + 4.0 / 9 + e3 * e3) / 2, within(1e-10));
            assertThat(slope[t]).isCloseTo(2 * a + 2, within(EPS));
            assertThat(decay[t]).isCloseTo(
                    (a * a + 2 * (a + 1) * (a + 1) + 3 * (a + 2) * (a + 2)) / 6, within(1e-10));
            assertThat(max[t]).isEqualTo(3);
        }
    }
}
