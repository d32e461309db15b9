package io.quarry.evaluator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Tests for {@link Diversity}: the entropy of eigenvalues and its extremes. */
class DiversityTest {

    @Test
    void entropyOfEigenvaluesByHand() {
        // Uncorrelated: every eigenvalue 1, p = 1/m, H = ln m / ln m = 1.
        assertThat(Diversity.entropy(new double[] {1, 1, 1})).isCloseTo(1, within(1e-15));
        // One signal: eigenvalues m, 0, 0: H = 0.
        assertThat(Diversity.entropy(new double[] {0, 0, 3})).isZero();
        // p = 2/3, 1/3: H = -(2/3 ln 2/3 + 1/3 ln 1/3) / ln 2 = 0.918296.
        double expected = -(2.0 / 3 * Math.log(2.0 / 3) + 1.0 / 3 * Math.log(1.0 / 3)) / Math.log(2);
        assertThat(Diversity.entropy(new double[] {1, 2})).isCloseTo(expected, within(1e-15));
        // Rounding below zero is clipped: the same as 0.
        assertThat(Diversity.entropy(new double[] {-1e-17, 2})).isZero();
        assertThat(Diversity.entropy(new double[] {1})).isZero();
    }

    @Test
    void identicalSeriesHaveTheMinimumAndConstantOnesAreLeftOut() {
        double[] a = {1, -1, 0.5, -0.5, 2, -2};
        double[] constant = new double[6];
        PlainKernels kernels = new PlainKernels();
        assertThat(Diversity.of(List.of(a, a.clone(), a.clone()), kernels)).isCloseTo(0, within(1e-12));
        assertThat(Diversity.of(List.of(a, constant), kernels)).isZero();
        assertThat(Diversity.of(List.of(constant), kernels)).isNaN();
        assertThat(Diversity.of(List.of(), kernels)).isNaN();
    }

    @Test
    void orthogonalSeriesHaveTheMaximum() {
        double[] a = {1, 1, -1, -1};
        double[] b = {1, -1, 1, -1};
        double[] c = {1, -1, -1, 1};
        assertThat(Diversity.of(List.of(a, b, c), new PlainKernels())).isCloseTo(1, within(1e-12));
    }
}
