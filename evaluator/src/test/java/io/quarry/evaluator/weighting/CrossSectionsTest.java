package io.quarry.evaluator.weighting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** One day's arithmetic, by hand and against naive references. */
class CrossSectionsTest {

    /**
     * Ten values, quintiles: ranks 1..10 give buckets floor((r - 1) * 5 / 10) = 0 0 1 1 2 2 3 3 4 4.
     * With a tie of the two largest (average rank 9.5 -> floor(8.5 * 0.5) = 4) and a NaN left out.
     */
    @Test
    void longShortBookFollowsTheBacktestBuckets() {
        double[] signal = {5, 1, 9, 3, 7, 2, 10, 4, 8, 6, Double.NaN};
        double[] w = CrossSections.longShort(signal, 5);
        // top bucket: 10 (index 6) and 9 (index 2); bottom: 1 (index 1) and 2 (index 5)
        assertThat(w).containsExactly(0, -0.5, 0.5, 0, 0, -0.5, 0.5, 0, 0, 0, 0);

        double[] tied = {1, 2, 3, 4, 5, 6, 7, 8, 9, 9};
        assertThat(CrossSections.longShort(tied, 5)).containsExactly(-0.5, -0.5, 0, 0, 0, 0, 0, 0, 0.5, 0.5);
        assertThat(CrossSections.longShort(new double[] {1, 1, 1, 1, 1}, 5)).containsOnly(0.0);
    }

    @Test
    void icIsPearsonOverThePairs() {
        Random random = new Random(2);
        double[] x = new double[40];
        double[] y = new double[40];
        for (int i = 0; i < 40; i++) {
            x[i] = random.nextGaussian();
            y[i] = 0.3 * x[i] + random.nextGaussian();
        }
        x[3] = Double.NaN;
        y[7] = Double.NaN;
        // Naive: the 38 complete pairs, textbook formula.
        double[] a = new double[38];
        double[] b = new double[38];
        for (int i = 0, k = 0; i < 40; i++) {
            if (i != 3 && i != 7) {
                a[k] = x[i];
                b[k++] = y[i];
            }
        }
        double ma = java.util.Arrays.stream(a).average().orElseThrow();
        double mb = java.util.Arrays.stream(b).average().orElseThrow();
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < 38; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        assertThat(CrossSections.ic(x, y)).isCloseTo(sab / Math.sqrt(saa * sbb), within(1e-12));
        assertThat(CrossSections.ic(new double[5], new double[5])).isNaN();
    }

    @Test
    void zScoresAndReturns() {
        // mean 2, sample sd 1
        assertThat(CrossSections.zScores(new double[] {1, 2, 3, Double.NaN})).containsExactly(-1.0, 0.0, 1.0, Double.NaN);
        assertThat(CrossSections.zScores(new double[] {4, 4, Double.NaN})).containsOnly(Double.NaN);
        assertThat(CrossSections.returns(new double[] {100, 50, Double.NaN, 0}, new double[] {110, 45, 10, 5}))
                .containsExactly(new double[] {0.1, -0.1, Double.NaN, Double.NaN}, within(1e-12));
    }

    /** Bought 0.5 + 0.25, sold 0.25: 0.001 * 0.75 + 0.003 * 0.25. */
    @Test
    void costOfATrade() {
        assertThat(CrossSections.cost(new double[] {0.5, -0.5, 0}, new double[] {0.25, 0, 0.25}, 0.001, 0.003))
                .isCloseTo(0.001 * 0.75 + 0.003 * 0.25, within(1e-15));
    }
}
