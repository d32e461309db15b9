package io.quarry.evaluator.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.pytorch.jni.JniUtils;
import io.quarry.evaluator.PlainKernels;
import io.quarry.evaluator.ScoringKernels;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tests for {@link DjlKernels}: every kernel against the reference {@link PlainKernels} within 1e-9
 * (relative, or 1e-12 absolute near 0), on random inputs with NaNs, infinities, ties, constant
 * alphas and days with too few pairs, plus closed forms; the offline guard; the engine shared by
 * several instances, on one PyTorch thread per operation. The engine must start here: a failure to
 * start fails every test, none is skipped.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DjlKernelsTest {

    private static final int MIN_PAIRS = 10;

    private DjlKernels djl;
    private final ScoringKernels reference = new PlainKernels();

    @BeforeAll
    void startEngine() {
        djl = new DjlKernels();
    }

    @AfterAll
    void stopEngine() {
        djl.close();
    }

    // ---- dailyCorrelations ------------------------------------------------------------------------

    @ParameterizedTest(name = "ranked={0}")
    @ValueSource(booleans = {false, true})
    void dailyCorrelationsMatchReference(boolean ranked) {
        Random random = new Random(ranked ? 11 : 12);
        int days = 15;
        int symbols = 40;
        double[] label = label(random, days, symbols);
        double[][] alphas = alphas(random, 9, days, symbols);

        double[][] actual = djl.dailyCorrelations(alphas, label, days, symbols, ranked, MIN_PAIRS);

        assertClose(actual, reference.dailyCorrelations(alphas, label, days, symbols, ranked, MIN_PAIRS));
        long defined = Arrays.stream(actual).flatMapToDouble(Arrays::stream).filter(Double::isFinite).count();
        assertThat(defined).as("days with a correlation").isGreaterThan(60);
    }

    /** Enough alphas for several blocks of [alphas, days, symbols], at the benchmark's day size. */
    @ParameterizedTest(name = "ranked={0}")
    @ValueSource(booleans = {false, true})
    void dailyCorrelationsMatchReferenceAcrossBlocks(boolean ranked) {
        Random random = new Random(ranked ? 21 : 22);
        int days = 252;
        int symbols = 500;
        double[] label = label(random, days, symbols);
        double[][] alphas = alphas(random, 20, days, symbols);

        assertClose(djl.dailyCorrelations(alphas, label, days, symbols, ranked, MIN_PAIRS),
                reference.dailyCorrelations(alphas, label, days, symbols, ranked, MIN_PAIRS));
    }

    @ParameterizedTest(name = "ranked={0}")
    @ValueSource(booleans = {false, true})
    void degenerateDaysGiveNaNAndOnlyThey(boolean ranked) {
        int symbols = 12;
        int days = 5;
        double[] label = new double[days * symbols];
        double[] alpha = new double[days * symbols];
        for (int s = 0; s < symbols; s++) {
            label[s] = s;
            alpha[s] = 0.1;                                   // day 0: alpha constant, its sum inexact
            label[symbols + s] = 7.25;                        // day 1: label constant
            alpha[symbols + s] = s * s;
            label[2 * symbols + s] = s;                       // day 2: 9 pairs < 10
            alpha[2 * symbols + s] = s < 9 ? -s : Double.NaN;
            label[3 * symbols + s] = s == 0 ? Double.NaN : s; // day 3: exactly 10 pairs
            alpha[3 * symbols + s] = s < 11 ? Math.exp(s) : Double.NaN;
            label[4 * symbols + s] = s;                       // day 4: spread tiny next to the mean
            alpha[4 * symbols + s] = 1e9 + s;
        }

        double[] daily = djl.dailyCorrelations(new double[][] {alpha}, label, days, symbols, ranked, MIN_PAIRS)[0];

        assertThat(daily[0]).isNaN();
        assertThat(daily[1]).isNaN();
        assertThat(daily[2]).isNaN();
        assertThat(daily[3]).isCloseTo(ranked ? 1.0 : pearsonOfExp(), within(1e-12));
        assertThat(daily[4]).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void spearmanIsPearsonOfAverageTieRanks() {
        // Alpha ranks (ties averaged, infinities ranked like any value): 1.5 1.5 3 4.5 4.5;
        // label ranks: 5 4 3 2 1. Pearson on the raw values is NaN (an infinite value).
        double[] alpha = {2, 2, 5, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NaN};
        double[] label = {50, 40, 30, 20, 10, 0};

        double rho = djl.dailyCorrelations(new double[][] {alpha}, label, 1, 6, true, 2)[0][0];

        assertThat(rho).isCloseTo(-9 / Math.sqrt(90), within(1e-15));
        assertThat(djl.dailyCorrelations(new double[][] {alpha}, label, 1, 6, false, 2)[0][0]).isNaN();
    }

    @Test
    void signedZerosTie() {
        double[][] alpha = {{-0.0, 0.0, 1, 2, 0.0, -0.0}};
        double[] label = {3, 1, 4, 1, 5, 9};

        double[][] rho = djl.dailyCorrelations(alpha, label, 1, 6, true, 2);

        assertClose(rho, reference.dailyCorrelations(alpha, label, 1, 6, true, 2));
        // Alpha ranks 2.5 2.5 5 6 2.5 2.5; label ranks 3 1.5 4 1.5 5 6.
        assertThat(rho[0][0]).isCloseTo(-0.39444674582777034, within(1e-12));
    }

    @Test
    void noAlphasOrNoSymbols() {
        assertThat(djl.dailyCorrelations(new double[0][], new double[10], 2, 5, false, 2)).isEmpty();
        assertThat(djl.dailyCorrelations(new double[][] {{}}, new double[0], 3, 0, true, 2)[0])
                .containsExactly(Double.NaN, Double.NaN, Double.NaN);
    }

    // ---- correlationMatrix and symmetricEigenvalues -----------------------------------------------

    @Test
    void correlationMatrixMatchesReference() {
        Random random = new Random(31);
        double[][] series = new double[12][3000];
        for (int i = 0; i < series.length; i++) {
            for (int k = 0; k < series[i].length; k++) {
                // Shared factors make the correlations far from 0.
                series[i][k] = i == 4 ? 0.1 : 3 + (i % 3) * series[0][k] + random.nextGaussian() * (1 + i);
            }
        }

        double[][] actual = djl.correlationMatrix(series);

        assertClose(actual, reference.correlationMatrix(series));
        for (int i = 0; i < series.length; i++) {
            assertThat(actual[4][i]).isNaN();
            assertThat(actual[i][4]).isNaN();
            if (i != 4) {
                assertThat(actual[i][i]).isEqualTo(1.0);
            }
            for (int j = 0; j < i; j++) {
                assertThat(Double.compare(actual[i][j], actual[j][i])).as("symmetric at [%d][%d]", i, j).isZero();
            }
        }
    }

    @Test
    void eigenvaluesOfACorrelationMatrixMatchReference() {
        Random random = new Random(41);
        double[][] series = new double[60][500];
        for (double[] s : series) {
            for (int k = 0; k < s.length; k++) {
                s[k] = random.nextGaussian() + (k % 7) * 0.3;
            }
        }
        double[][] correlation = djl.correlationMatrix(series);

        double[] actual = djl.symmetricEigenvalues(correlation);

        assertClose(actual, reference.symmetricEigenvalues(correlation));
        assertThat(Arrays.stream(actual).sum()).isCloseTo(60.0, within(1e-10));
        for (int i = 1; i < actual.length; i++) {
            assertThat(actual[i]).isGreaterThanOrEqualTo(actual[i - 1]);
        }
    }

    @Test
    void eigenvaluesOfRandomSymmetricMatricesMatchReference() {
        Random random = new Random(43);
        for (int n : new int[] {1, 2, 3, 7, 30, 100}) {
            double[][] a = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j <= i; j++) {
                    a[i][j] = random.nextGaussian();
                    a[j][i] = a[i][j];
                }
            }
            assertClose(new double[][] {djl.symmetricEigenvalues(a)},
                    new double[][] {reference.symmetricEigenvalues(a)});
        }
    }

    @Test
    void eigenvaluesInClosedForm() {
        // [[2, 1], [1, 2]] has 1 and 3; a diagonal matrix has its diagonal; repeated eigenvalues.
        assertThat(djl.symmetricEigenvalues(new double[][] {{2, 1}, {1, 2}})).containsExactly(new double[] {1, 3},
                within(1e-15));
        assertThat(djl.symmetricEigenvalues(new double[][] {{5, 0, 0}, {0, -1, 0}, {0, 0, 2}}))
                .containsExactly(-1, 2, 5);
        assertThat(djl.symmetricEigenvalues(new double[][] {{1, 1, 1}, {1, 1, 1}, {1, 1, 1}}))
                .containsExactly(new double[] {0, 0, 3}, within(1e-14));
        assertThat(djl.symmetricEigenvalues(new double[0][0])).isEmpty();
        assertThatThrownBy(() -> djl.symmetricEigenvalues(new double[][] {{1, Double.NaN}, {Double.NaN, 1}}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not finite");
    }

    // ---- leastSquares -----------------------------------------------------------------------------

    @Test
    void leastSquaresMatchesReferenceAndRecoversPlantedWeights() {
        Random random = new Random(51);
        double[][] features = features(random, 8, 2000);
        double[] planted = {0.5, -1.25, 0, 2, 0.01, -0.3, 1, 0.75};
        double[] exact = combine(features, planted, random, 0);
        double[] noisy = combine(features, planted, random, 0.5);

        assertThat(djl.leastSquares(features, exact, 0)).containsExactly(planted, within(1e-12));
        assertClose(new double[][] {djl.leastSquares(features, noisy, 0)},
                new double[][] {reference.leastSquares(features, noisy, 0)});
    }

    /**
     * With collinear features the minimiser is not unique: the weights along the null direction
     * follow the last bits of the Gram matrix (the ridge divides them by 1e-12), so the bindings
     * agree on the fit, not on how a duplicate pair splits its weight.
     */
    @ParameterizedTest(name = "l1={0}")
    @ValueSource(doubles = {0, 10})
    void singularLeastSquaresFitsLikeTheReference(double l1) {
        Random random = new Random(53);
        double[][] features = features(random, 5, 800);
        features[1] = new double[800];                 // a zero feature
        features[3] = features[2].clone();             // a duplicate
        double[] target = combine(features, new double[] {1, 0, 0.5, 0.5, -2}, random, 0.1);

        double[] w = djl.leastSquares(features, target, l1);
        double[] expected = reference.leastSquares(features, target, l1);

        assertThat(w[1]).isZero();
        assertThat(w[2] + w[3]).isCloseTo(expected[2] + expected[3], within(1e-9));
        assertThat(objective(features, target, w, l1))
                .isCloseTo(objective(features, target, expected, l1), within(1e-9 * objective(features, target, expected, l1)));
        assertThat(djl.leastSquares(new double[][] {new double[10]}, new double[10], l1)).containsExactly(0.0);
    }

    @ParameterizedTest(name = "l1={0}")
    @ValueSource(doubles = {1, 50, 400, 1e7})
    void lassoMatchesReferenceAndMeetsOptimality(double l1) {
        Random random = new Random(61);
        double[][] features = features(random, 10, 1000);
        double[] target = combine(features, new double[] {0.5, -1, 0, 0, 0.05, 0.3, 0, 0, -0.02, 1}, random, 1);

        double[] w = djl.leastSquares(features, target, l1);

        assertClose(new double[][] {w}, new double[][] {reference.leastSquares(features, target, l1)});
        // KKT: the gradient of the smooth part, 2 X (X^T w - y), is -l1 sign(w_j) where w_j != 0
        // and within [-l1, l1] where w_j = 0.
        double[] residual = combine(features, w, random, 0);
        for (int k = 0; k < target.length; k++) {
            residual[k] -= target[k];
        }
        for (int j = 0; j < w.length; j++) {
            double gradient = 2 * dot(features[j], residual);
            if (w[j] == 0) {
                assertThat(Math.abs(gradient)).isLessThanOrEqualTo(l1 * (1 + 1e-9));
            } else {
                assertThat(gradient).isCloseTo(-l1 * Math.signum(w[j]), within(1e-7 * l1));
            }
        }
    }

    @Test
    void leastSquaresRejectsBadPenalty() {
        double[][] features = {{1, 2, 3}};
        assertThatThrownBy(() -> djl.leastSquares(features, new double[] {1, 2, 3}, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("l1");
        assertThatThrownBy(() -> djl.leastSquares(features, new double[] {1, 2}, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("features[0]");
    }

    // ---- engine, device, offline ------------------------------------------------------------------

    @Test
    void instancesShareTheEngineAndCloseIndependently() {
        double[][] series = {{1, 2, 3, 4}, {2, 1, 4, 3}};
        DjlKernels second = new DjlKernels();
        assertThat(second.device()).isEqualTo(djl.device()).matches("(cpu|gpu\\(\\d+\\)) \\(DJL PyTorch .+\\)");
        assertThat(second.correlationMatrix(series)).isDeepEqualTo(djl.correlationMatrix(series));

        second.close();

        assertThatThrownBy(() -> second.correlationMatrix(series))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThat(djl.correlationMatrix(series)[0][1]).isCloseTo(0.6, within(1e-15));
    }

    @Test
    void theEngineRunsEachOperationOnOneThread() {
        // Unless the JVM says otherwise (this module's tests do not): with PyTorch's default, a
        // thread per core, the miner's network trained to different weights on a loaded machine.
        DjlKernels.offlineEngine();
        assertThat(JniUtils.getNumThreads()).isEqualTo(1);
    }

    @Test
    void anyThreadComputesWithTheEnginesOneThread() throws Exception {
        // PyTorch keeps its thread counts per thread (OpenMP's and MKL's), and DJL sets them only on
        // the thread that starts the engine. On other threads MKL's products ran a thread per core,
        // and X X^T over the samples came out with other bits: the same fit differed on a Flink task
        // thread or a search thread from the thread that started the engine.
        Random random = new Random(11);
        double[][] features = new double[6][3000];
        double[] target = new double[3000];
        for (int i = 0; i < target.length; i++) {
            for (double[] f : features) {
                f[i] = random.nextGaussian();
            }
            target[i] = random.nextGaussian();
        }
        double[] here = djl.leastSquares(features, target, 0);
        double[][] elsewhere = new double[2][];
        Thread thread = new Thread(() -> {
            elsewhere[0] = djl.leastSquares(features, target, 0);
            try (DjlKernels own = new DjlKernels()) {
                elsewhere[1] = own.leastSquares(features, target, 0);
            }
        });
        thread.start();
        thread.join();
        assertThat(elsewhere[0]).containsExactly(here);
        assertThat(elsewhere[1]).containsExactly(here);
    }

    @Test
    void offlineFollowsDjlsRule() {
        assertThat(DjlKernels.isOffline("true", null)).isTrue();
        assertThat(DjlKernels.isOffline(null, "TRUE")).isTrue();
        assertThat(DjlKernels.isOffline("false", "true")).isTrue();
        // DJL reads the environment variable first: when it says false, the property is ignored.
        assertThat(DjlKernels.isOffline("true", "false")).isFalse();
        assertThat(DjlKernels.isOffline(null, null)).isFalse();
        assertThat(DjlKernels.isOffline("yes", null)).isFalse();
    }

    @Test
    void refusesToStartOnline() {
        assumeTrue(System.getenv("DJL_OFFLINE") == null, "DJL_OFFLINE is set in this environment");
        String saved = System.getProperty("ai.djl.offline");
        try {
            System.clearProperty("ai.djl.offline");
            assertThatThrownBy(DjlKernels::new).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("-Dai.djl.offline=true");
            System.setProperty("ai.djl.offline", "false");
            assertThatThrownBy(DjlKernels::new).isInstanceOf(IllegalStateException.class);
        } finally {
            if (saved == null) {
                System.clearProperty("ai.djl.offline");
            } else {
                System.setProperty("ai.djl.offline", saved);
            }
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------

    /** Equal within 1e-9 relative or 1e-12 absolute, NaN where the expectation is NaN. */
    static void assertClose(double[][] actual, double[][] expected) {
        assertThat(actual.length).isEqualTo(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i].length).as("row %d", i).isEqualTo(expected[i].length);
            for (int j = 0; j < expected[i].length; j++) {
                double e = expected[i][j];
                double a = actual[i][j];
                if (Double.isNaN(e)) {
                    assertThat(a).as("[%d][%d]", i, j).isNaN();
                } else {
                    assertThat(a).as("[%d][%d]", i, j).isCloseTo(e, within(Math.max(1e-12, 1e-9 * Math.abs(e))));
                }
            }
        }
    }

    private static void assertClose(double[] actual, double[] expected) {
        assertClose(new double[][] {actual}, new double[][] {expected});
    }

    /** Gaussian, 5% NaN; day 0 has no label, day 1 only 5 values. */
    private static double[] label(Random random, int days, int symbols) {
        double[] label = new double[days * symbols];
        for (int i = 0; i < label.length; i++) {
            int day = i / symbols;
            boolean missing = day == 0 || day == 1 && i % symbols >= 5 || random.nextDouble() < 0.05;
            label[i] = missing ? Double.NaN : random.nextGaussian() * 0.02;
        }
        return label;
    }

    /** Alphas of several kinds, by index modulo 7. */
    private static double[][] alphas(Random random, int count, int days, int symbols) {
        double[][] alphas = new double[count][days * symbols];
        for (int a = 0; a < count; a++) {
            for (int i = 0; i < alphas[a].length; i++) {
                double g = random.nextGaussian();
                int day = i / symbols;
                alphas[a][i] = switch (a % 7) {
                    case 0 -> random.nextDouble() < 0.1 ? Double.NaN : g;
                    case 1 -> random.nextDouble() < 0.05 ? Double.NaN : Math.floor(g * 2);  // heavy ties
                    case 2 -> 1.0;                                                             // constant
                    case 3 -> day % 3 == 0 ? 0.1 : g * 1e6 + 3e7;               // constant days, offset
                    case 4 -> random.nextDouble() < 0.05 ? Double.POSITIVE_INFINITY
                            : random.nextDouble() < 0.05 ? Double.NEGATIVE_INFINITY : g;
                    case 5 -> Math.round(g * 10) / 10.0;                                       // ties
                    default -> day % 2 == 0 && i % symbols >= MIN_PAIRS - 1 ? Double.NaN : g;  // too few pairs
                };
            }
        }
        return alphas;
    }

    private static double[][] features(Random random, int count, int observations) {
        double[][] features = new double[count][observations];
        for (int i = 0; i < count; i++) {
            for (int k = 0; k < observations; k++) {
                features[i][k] = random.nextGaussian() + (i > 0 ? 0.4 * features[i - 1][k] : 0);
            }
        }
        return features;
    }

    private static double[] combine(double[][] features, double[] weights, Random random, double noise) {
        double[] target = new double[features[0].length];
        for (int k = 0; k < target.length; k++) {
            for (int i = 0; i < weights.length; i++) {
                target[k] += weights[i] * features[i][k];
            }
            target[k] += noise * random.nextGaussian();
        }
        return target;
    }

    private static double objective(double[][] features, double[] target, double[] w, double l1) {
        double[] fit = combine(features, w, new Random(0), 0);
        double sum = 0;
        for (int k = 0; k < target.length; k++) {
            sum += (fit[k] - target[k]) * (fit[k] - target[k]);
        }
        return sum + l1 * Arrays.stream(w).map(Math::abs).sum();
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    /** Pearson of exp(s) and s for s = 1..10 (day 3 of the degenerate-days test), two-pass. */
    private static double pearsonOfExp() {
        double mx = 0;
        double my = 0;
        for (int s = 1; s <= 10; s++) {
            mx += Math.exp(s) / 10;
            my += s / 10.0;
        }
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int s = 1; s <= 10; s++) {
            sxy += (Math.exp(s) - mx) * (s - my);
            sxx += (Math.exp(s) - mx) * (Math.exp(s) - mx);
            syy += (s - my) * (s - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }
}
