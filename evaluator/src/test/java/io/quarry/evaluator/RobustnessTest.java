package io.quarry.evaluator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.quarry.dsl.eval.BatchEvaluator;
import io.quarry.dsl.panel.Groups;
import io.quarry.dsl.panel.Panel;
import io.quarry.dsl.testing.Panels;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Tests for {@link Robustness}: the noises, sigma, the perturbation of a panel, and PFS from the daily
 * Spearman correlations.
 */
class RobustnessTest {

    private static final int DRAWS = 1_000_000;

    /** Fraction of draws with |eps| <= 1 and with |eps| > 4. */
    private static double[] tails(Robustness.Noise noise) {
        Robustness.Normals normals = new Robustness.Normals(new SplittableRandom(1));
        int inner = 0;
        int outer = 0;
        for (int i = 0; i < DRAWS; i++) {
            double eps = Math.abs(noise.draw(normals));
            inner += eps <= 1 ? 1 : 0;
            outer += eps > 4 ? 1 : 0;
        }
        return new double[] {(double) inner / DRAWS, (double) outer / DRAWS};
    }

    @Test
    void gaussianNoiseHasTheNormalTails() {
        // P(|Z| <= 1) = 0.682689, P(|Z| > 4) = 6.3e-5; a fraction of 1e6 draws has sd <= 5e-4.
        double[] tails = tails(Robustness.Noise.GAUSSIAN);
        assertThat(tails[0]).isCloseTo(0.682689, within(0.002));
        assertThat(tails[1]).isCloseTo(6.3e-5, within(5e-5));
    }

    @Test
    void studentNoiseIsTWithThreeDegreesOfFreedomAtUnitVariance() {
        // eps = T / sqrt(3) with T ~ t3, whose CDF is 1/2 + (x / (1 + x^2) + atan(x)) / pi at x = t / sqrt(3).
        // P(|eps| <= 1) = P(|T| <= sqrt 3): x = 1, 2 F - 1 = 2 (1/2 + pi/4) / pi = 0.818310.
        // P(|eps| > 4) = P(|T| > 4 sqrt 3): x = 4, 2 (1 - F) = 1 - 2 (4 / 17 + atan 4) / pi = 0.006150.
        double inner = 2 * (1.0 / 2 + Math.atan(1)) / Math.PI;
        double outer = 1 - 2 * (4.0 / 17 + Math.atan(4)) / Math.PI;
        double[] tails = tails(Robustness.Noise.STUDENT_T3);
        assertThat(tails[0]).isCloseTo(inner, within(0.002));
        assertThat(tails[1]).isCloseTo(outer, within(5e-4));
    }

    /** Eleven symbols whose closes all move by +1%, -2%, +3% on rows 1, 2, 3; one close missing. */
    private static Panel market() {
        double[] moves = {0, 0.01, -0.02, 0.03, 0.01};
        double[][] close = new double[moves.length][11];
        double[][] volume = new double[moves.length][11];
        for (int s = 0; s < 11; s++) {
            double price = 10 + s;
            for (int t = 0; t < moves.length; t++) {
                price *= 1 + moves[t];
                close[t][s] = price;
                volume[t][s] = 1000 + t + s;
            }
        }
        close[2][3] = Double.NaN;
        return Panels.of(Map.of("close", close, "volume", volume, "a", volume), Groups.none());
    }

    @Test
    void sigmaIsTheDailyVolatilityOfTheMarketOverTheScoringDays() {
        // Scoring days: rows 0..3 (row 4 has no next close). Returns exist from row 1: +1%, -2%, +3%
        // (symbol 3's missing close drops it from rows 2 and 3, which changes nothing). Their sample
        // standard deviation: mean 0.02/3, sd sqrt(sum (r - mean)^2 / 2).
        ScoringRange range = ScoringRange.resolve(market(), new Label.ForwardReturn(1), null, null,
                new BatchEvaluator());
        assertThat(range.rows).containsExactly(0, 1, 2, 3);
        double mean = 0.02 / 3;
        double ss = Math.pow(0.01 - mean, 2) + Math.pow(-0.02 - mean, 2) + Math.pow(0.03 - mean, 2);
        assertThat(Robustness.marketVolatility(range)).isCloseTo(Math.sqrt(ss / 2), within(1e-12));
    }

    @Test
    void perturbationTouchesPricesAndVolumeOnlyAndRepeatsForASeed() {
        Panel panel = market();
        Panel a = Robustness.perturb(panel, 0.01, Robustness.Noise.GAUSSIAN, new SplittableRandom(3));
        Panel b = Robustness.perturb(panel, 0.01, Robustness.Noise.GAUSSIAN, new SplittableRandom(3));
        Panel c = Robustness.perturb(panel, 0.01, Robustness.Noise.GAUSSIAN, new SplittableRandom(4));
        assertThat(a.values("close")).containsExactly(b.values("close"));
        assertThat(a.values("volume")).containsExactly(b.values("volume"));
        assertThat(a.values("close")).isNotEqualTo(c.values("close"));
        assertThat(a.values("a")).isSameAs(panel.values("a"));
        assertThat(a.value("close", 2, 3)).isNaN();
        double[] clean = panel.values("close");
        double[] noisy = a.values("close");
        for (int i = 0; i < clean.length; i++) {
            if (!Double.isNaN(clean[i])) {
                // 1 + 0.01 eps: a Gaussian eps beyond 6 in 55 draws would be a one in 1e7 event.
                assertThat(noisy[i] / clean[i]).isCloseTo(1, within(0.06)).isNotEqualTo(1);
            }
        }
    }

    @Test
    void fidelityIsTheSmallerNoisesMeanDailySpearmanOfTheBothPresentPairs() {
        int days = 40;
        int symbols = 30;
        SplittableRandom random = new SplittableRandom(11);
        double[] clean = new double[days * symbols];
        double[][] noisy = new double[2][days * symbols];
        for (int i = 0; i < clean.length; i++) {
            // Values on a coarse grid (many ties), some missing on either side; on days 5 and 6 few
            // symbols are present (a day under MIN_PAIRS is skipped).
            int day = i / symbols;
            double missing = day == 5 || day == 6 ? 0.75 : 0.1;
            clean[i] = random.nextDouble() < missing ? Double.NaN : Math.floor(random.nextDouble() * 8);
            for (double[] n : noisy) {
                n[i] = random.nextDouble() < 0.1 ? Double.NaN : clean[i] + Math.floor(random.nextDouble() * 3) - 1;
            }
        }
        Robustness.Fidelity fidelity = new Robustness.Fidelity(noisy, days, symbols);
        Ranks.Scratch scratch = new Ranks.Scratch(symbols);
        int[] order = new int[symbols];
        for (int d = 0; d < days; d++) {
            int present = Ranks.order(clean, d * symbols, symbols, scratch, order);
            fidelity.add(d, clean, d * symbols, order, present, scratch);
        }
        double[] means = new double[2];
        for (int k = 0; k < 2; k++) {
            double sum = 0;
            int counted = 0;
            for (int d = 0; d < days; d++) {
                double rho = textbookSpearman(clean, noisy[k], d * symbols, symbols);
                if (!Double.isNaN(rho)) {
                    sum += rho;
                    counted++;
                }
            }
            assertThat(counted).isBetween(days - 4, days - 2);
            means[k] = sum / counted;
        }
        assertThat(fidelity.pfs()).isCloseTo(Math.min(means[0], means[1]), within(1e-12));
        assertThat(new Robustness.Fidelity(null, days, symbols).pfs()).isNaN();
    }

    /** Spearman over the symbols where both are present, ranks by sorting copies; NaN under MIN_PAIRS. */
    private static double textbookSpearman(double[] x, double[] y, int base, int symbols) {
        double[] px = new double[symbols];
        double[] py = new double[symbols];
        int n = 0;
        for (int s = base; s < base + symbols; s++) {
            if (!Double.isNaN(x[s]) && !Double.isNaN(y[s])) {
                px[n] = x[s];
                py[n] = y[s];
                n++;
            }
        }
        if (n < ScoringRange.MIN_PAIRS) {
            return Double.NaN;
        }
        return Textbook.pearson(Textbook.ranks(Arrays.copyOf(px, n)), Textbook.ranks(Arrays.copyOf(py, n)));
    }
}
