package io.quarry.evaluator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Tests for {@link PlainKernels}: closed forms and hand computations. */
class PlainKernelsTest {

    private final PlainKernels kernels = new PlainKernels();

    @Test
    void pearsonOfALineIsOneAndOfItsMirrorMinusOne() {
        double[] x = {1, 2, 3, 4, 5};
        double[] up = {3, 5, 7, 9, 11};
        double[] down = {-1, -2, -3, -4, -5};
        double[][] r = kernels.dailyCorrelations(new double[][] {up, down}, x, 1, 5, false, 3);
        assertThat(r[0][0]).isEqualTo(1.0);
        assertThat(r[1][0]).isEqualTo(-1.0);
    }

    @Test
    void pearsonByHand() {
        // x = 1, 2, 3, 4; y = 2, 1, 4, 3: dx = -1.5 -0.5 0.5 1.5, dy = -0.5 -1.5 1.5 0.5,
        // sum dx dy = 0.75 + 0.75 + 0.75 + 0.75 = 3, sum dx^2 = sum dy^2 = 5, r = 3 / 5.
        double[][] r = kernels.dailyCorrelations(new double[][] {{2, 1, 4, 3}}, new double[] {1, 2, 3, 4}, 1, 4,
                false, 4);
        assertThat(r[0][0]).isCloseTo(0.6, within(1e-15));
    }

    @Test
    void spearmanWithTiesByHand() {
        // x = 1, 2, 2, 3, 4 has average ranks 1, 2.5, 2.5, 4, 5; y = 1, 3, 2, 5, 4 has ranks 1, 3, 2, 5, 4.
        // Both rank means are 3: dx = -2 -0.5 -0.5 1 2, dy = -2 0 -1 2 1.
        // sum dx dy = 4 + 0 + 0.5 + 2 + 2 = 8.5; sum dx^2 = 9.5; sum dy^2 = 10: rho = 8.5 / sqrt(95).
        double[][] r = kernels.dailyCorrelations(new double[][] {{1, 2, 2, 3, 4}}, new double[] {1, 3, 2, 5, 4}, 1,
                5, true, 5);
        assertThat(r[0][0]).isCloseTo(8.5 / Math.sqrt(95), within(1e-15));
    }

    @Test
    void onlyPairsWithBothValuesCountAndRanksAreTakenWithinThem() {
        // Day 0: the pair with y missing is dropped, leaving x = 10, 20, 30 against y = 3, 2, 1: -1.
        // Day 1: the same values shifted one symbol; the NaN alpha value drops symbol 0.
        double nan = Double.NaN;
        double[] x = {10, 99, 20, 30, nan, 10, 20, 30};
        double[] y = {3, nan, 2, 1, 7, 3, 2, 1};
        double[][] r = kernels.dailyCorrelations(new double[][] {x}, y, 2, 4, true, 3);
        assertThat(r[0]).containsExactly(-1.0, -1.0);
    }

    @Test
    void tooFewPairsOrAConstantSideGiveNaNNotNoise() {
        // 0.1 x 3 sums to 0.30000000000000004: a mean-based test would see tiny variance; it must be NaN.
        double[] constant = {0.1, 0.1, 0.1, 0.1};
        double[] y = {1, 2, 3, 4};
        double[] sparse = {1, Double.NaN, Double.NaN, 4};
        for (boolean ranked : new boolean[] {false, true}) {
            double[][] r = kernels.dailyCorrelations(new double[][] {constant, sparse}, y, 1, 4, ranked, 3);
            assertThat(r[0][0]).isNaN();
            assertThat(r[1][0]).isNaN();
        }
    }

    @Property(tries = 200)
    void spearmanIgnoresMonotoneTransforms(
            @ForAll @Size(min = 12, max = 60) List<@DoubleRange(min = -5, max = 5) Double> xs,
            @ForAll @IntRange(min = 0, max = 1000) int seed) {
        int n = xs.size();
        double[] x = xs.stream().mapToDouble(v -> Math.round(v * 4) / 4.0).toArray();
        SplittableRandom random = new SplittableRandom(seed);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = x[i] + random.nextDouble() * 3;
        }
        double[] transformed = Arrays.stream(x).map(v -> Math.exp(v) * 7 - 2).toArray();
        double[][] r = kernels.dailyCorrelations(new double[][] {x, transformed}, y, 1, n, true, 10);
        if (Double.isNaN(r[0][0])) {
            assertThat(r[1][0]).isNaN();
        } else {
            assertThat(r[1][0]).isCloseTo(r[0][0], within(1e-12));
            assertThat(r[0][0]).isBetween(-1.0, 1.0);
        }
    }

    @Test
    void correlationMatrixOfExactRelationsAndAConstant() {
        double[] a = {1, 2, 3, 4, 5, 6};
        double[] b = {2, 4, 6, 8, 10, 12};
        double[] c = {6, 5, 4, 3, 2, 1};
        double[] k = {3, 3, 3, 3, 3, 3};
        double[][] m = kernels.correlationMatrix(new double[][] {a, b, c, k});
        assertThat(m[0]).containsExactly(new double[] {1, 1, -1, Double.NaN}, within(1e-15));
        assertThat(m[2][1]).isCloseTo(-1, within(1e-15));
        assertThat(m[3][3]).isNaN();
        assertThat(m[1][0]).isEqualTo(m[0][1]);
    }

    @Test
    void correlationMatrixAgreesWithPairwisePearson() {
        SplittableRandom random = new SplittableRandom(3);
        double[][] series = new double[5][2000];
        for (double[] s : series) {
            for (int i = 0; i < s.length; i++) {
                s[i] = 1e6 + random.nextDouble() + (s == series[0] ? 0 : 0.5 * series[0][i]);
            }
        }
        double[][] m = kernels.correlationMatrix(series);
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                double[][] r = kernels.dailyCorrelations(new double[][] {series[i]}, series[j], 1, 2000, false, 2);
                assertThat(m[i][j]).isCloseTo(r[0][0], within(1e-12));
            }
        }
    }

    @Test
    void eigenvaluesOfKnownMatrices() {
        // [[2, 1], [1, 2]] has eigenvalues 1 and 3; the 3 x 3 all-ones matrix has 0, 0, 3.
        assertThat(kernels.symmetricEigenvalues(new double[][] {{2, 1}, {1, 2}}))
                .containsExactly(new double[] {1, 3}, within(1e-14));
        assertThat(kernels.symmetricEigenvalues(new double[][] {{1, 1, 1}, {1, 1, 1}, {1, 1, 1}}))
                .containsExactly(new double[] {0, 0, 3}, within(1e-14));
        // A tridiagonal Toeplitz matrix (2 on, -1 off the diagonal) of size n has
        // eigenvalues 2 - 2 cos(k pi / (n + 1)), k = 1..n.
        int n = 12;
        double[][] t = new double[n][n];
        double[] expected = new double[n];
        for (int i = 0; i < n; i++) {
            t[i][i] = 2;
            if (i > 0) {
                t[i][i - 1] = -1;
                t[i - 1][i] = -1;
            }
            expected[i] = 2 - 2 * Math.cos((i + 1) * Math.PI / (n + 1));
        }
        Arrays.sort(expected);
        assertThat(kernels.symmetricEigenvalues(t)).containsExactly(expected, within(1e-12));
    }

    @Property(tries = 50)
    void eigenvaluesOfARotatedDiagonalAreItsEntries(@ForAll @IntRange(min = 1, max = 15) int n,
                                                    @ForAll @IntRange(min = 0, max = 10_000) int seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] diagonal = new double[n];
        for (int i = 0; i < n; i++) {
            diagonal[i] = random.nextDouble() * 10 - 3;
        }
        double[][] q = randomOrthogonal(n, random);
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += q[i][k] * diagonal[k] * q[j][k];
                }
                a[i][j] = s;
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                a[i][j] = a[j][i];
            }
        }
        double[] expected = diagonal.clone();
        Arrays.sort(expected);
        assertThat(kernels.symmetricEigenvalues(a)).containsExactly(expected, within(1e-10));
    }

    @Test
    void leastSquaresRecoversExactWeights() {
        SplittableRandom random = new SplittableRandom(11);
        double[][] x = new double[3][500];
        double[] y = new double[500];
        for (int k = 0; k < 500; k++) {
            for (int i = 0; i < 3; i++) {
                x[i][k] = random.nextDouble() - 0.5;
            }
            y[k] = 2 * x[0][k] - 0.5 * x[1][k] + 0.25 * x[2][k];
        }
        assertThat(kernels.leastSquares(x, y, 0)).containsExactly(new double[] {2, -0.5, 0.25}, within(1e-12));
    }

    @Test
    void leastSquaresOfACollinearPairSplitsTheWeightAndFits() {
        // Two identical features: X'X is singular, the ridge (1e-9 of the diagonal) makes it solvable
        // and shares the weight; it biases the fit by about 1e-9 relative and the condition number of
        // 1e9 leaves about 1e-7 of rounding in the split.
        double[] f = {1, -2, 3, 0.5, -1};
        double[] y = Arrays.stream(f).map(v -> 3 * v).toArray();
        double[] w = kernels.leastSquares(new double[][] {f, f.clone()}, y, 0);
        assertThat(w[0] + w[1]).isCloseTo(3, within(1e-8));
        assertThat(w[0]).isCloseTo(w[1], within(1e-6));
    }

    @Test
    void leastSquaresOfAZeroFeatureGivesItWeightZero() {
        double[] w = kernels.leastSquares(new double[][] {{0, 0, 0}, {1, 2, 3}}, new double[] {2, 4, 6}, 0);
        assertThat(w).containsExactly(new double[] {0, 2}, within(1e-9));
    }

    @Test
    void lassoOfOrthogonalFeaturesIsSoftThresholding() {
        // Orthogonal features with ||x_i||^2 = 4: the minimiser of ||Xw - y||^2 + l1 |w| is
        // w_i = sign(b_i) max(|b_i| - l1 / 2, 0) / 4 with b = X'y.
        double[][] x = {{1, 1, 1, 1}, {1, -1, 1, -1}, {1, 1, -1, -1}};
        double[] y = {5, 1, 2, 0};
        double l1 = 10;
        double[] b = new double[3];
        for (int i = 0; i < 3; i++) {
            for (int k = 0; k < 4; k++) {
                b[i] += x[i][k] * y[k];
            }
        }
        double[] expected = new double[3];
        for (int i = 0; i < 3; i++) {
            expected[i] = Math.signum(b[i]) * Math.max(Math.abs(b[i]) - l1 / 2, 0) / 4;
        }
        assertThat(kernels.leastSquares(x, y, l1)).containsExactly(expected, within(1e-12));
        // b = (8, 6, 4): the third weight is thresholded to exactly 0.
        assertThat(expected[2]).isZero();
    }

    @Test
    void describesItsDevice() {
        assertThat(kernels.device()).isEqualTo("cpu (plain Java)");
    }

    /** Gram-Schmidt of a random matrix. */
    private static double[][] randomOrthogonal(int n, SplittableRandom random) {
        double[][] q = new double[n][n];
        for (int j = 0; j < n; j++) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = random.nextDouble() - 0.5;
            }
            for (int p = 0; p < j; p++) {
                double dot = 0;
                for (int i = 0; i < n; i++) {
                    dot += v[i] * q[i][p];
                }
                for (int i = 0; i < n; i++) {
                    v[i] -= dot * q[i][p];
                }
            }
            double norm = Math.sqrt(Arrays.stream(v).map(e -> e * e).sum());
            for (int i = 0; i < n; i++) {
                q[i][j] = v[i] / norm;
            }
        }
        return q;
    }
}
