package io.quarry.evaluator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Tests for {@link Stability}: RRE against its definition on hand-made rankings. */
class StabilityTest {

    private static final int N = 10;

    /** Time-major days of N symbols. */
    private static double[] days(double[]... rows) {
        double[] out = new double[rows.length * N];
        for (int d = 0; d < rows.length; d++) {
            System.arraycopy(rows[d], 0, out, d * N, N);
        }
        return out;
    }

    private static final double[] UP = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    private static final double[] DOWN = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1};

    @Test
    void anUnchangedRankingIsPerfectlyStable() {
        // Different values, same order: the ranks and so p_t are the same, KL = 0, RRE = 1.
        double[] scaled = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 50};
        assertThat(Stability.rre(days(UP, scaled, UP), 3, N)).isEqualTo(1.0);
    }

    @Test
    void aReversalCostsItsRelativeEntropy() {
        // p_t(s) = r_t(s) / 55. Day 1 reverses day 0: r_1(s) = 11 - r_0(s), so
        // KL(p_1 || p_0) = sum_i (11 - i) / 55 * ln((11 - i) / i), i = 1..10.
        double kl = 0;
        for (int i = 1; i <= N; i++) {
            kl += (11.0 - i) / 55 * Math.log((11.0 - i) / i);
        }
        assertThat(Stability.rre(days(UP, DOWN), 2, N)).isCloseTo(1 / (1 + kl), within(1e-15));
        // Three days: pairs (0, 1) unchanged and (1, 2) reversed: the mean of 1 and 1 / (1 + KL).
        assertThat(Stability.rre(days(UP, UP, DOWN), 3, N)).isCloseTo((1 + 1 / (1 + kl)) / 2, within(1e-15));
    }

    @Test
    void onlySymbolsPresentOnBothDaysAreRanked() {
        // Symbol 0 is missing on day 1: the other nine keep their order, so KL = 0 on the nine ranked
        // among themselves; with a tenth the day would have too few symbols (MIN_PAIRS = 10).
        double[] gap = UP.clone();
        gap[0] = Double.NaN;
        double[] up11 = new double[N];
        for (int i = 0; i < N; i++) {
            up11[i] = i;
        }
        assertThat(Stability.rre(days(UP, gap), 2, N)).isNaN();
        double[] wide = new double[2 * 11];
        for (int i = 0; i < 11; i++) {
            wide[i] = i;
            wide[11 + i] = i == 0 ? Double.NaN : 100 - i * 0.5 + i;
        }
        assertThat(Stability.rre(wide, 2, 11)).isEqualTo(1.0);
        assertThat(up11).hasSize(N);
    }

    @Test
    void aConstantAlphaHasNoStability() {
        double[] flat = new double[N];
        java.util.Arrays.fill(flat, 3);
        assertThat(Stability.rre(days(flat, flat, flat), 3, N)).isNaN();
        assertThat(Stability.rre(days(UP), 1, N)).isNaN();
    }
}
