package io.quarry.dsl.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Scale;
import org.junit.jupiter.api.Test;

/** Tests for {@link NormalQuantile} against reference quantiles (scipy.stats.norm) and as an inverse. */
class NormalQuantileTest {

    @Test
    void knownQuantiles() {
        assertThat(NormalQuantile.inverseCdf(0.5)).isEqualTo(0.0);
        assertThat(NormalQuantile.inverseCdf(0.975)).isCloseTo(1.959963984540054, within(1e-14));
        assertThat(NormalQuantile.inverseCdf(0.025)).isCloseTo(-1.959963984540054, within(1e-14));
        assertThat(NormalQuantile.inverseCdf(0.05)).isCloseTo(-1.6448536269514729, within(1e-14));
        assertThat(NormalQuantile.inverseCdf(0.99)).isCloseTo(2.3263478740408408, within(1e-14));
        assertThat(NormalQuantile.inverseCdf(0.8413447460685429)).isCloseTo(1.0, within(1e-14));
        // Acklam's tail region, where the raw approximation alone is off by ~1e-9.
        assertThat(NormalQuantile.inverseCdf(0.001)).isCloseTo(-3.090232306167813, within(1e-13));
        assertThat(NormalQuantile.inverseCdf(1e-10)).isCloseTo(-6.361340902404056, within(1e-13));
    }

    @Test
    void edgesOfTheDomain() {
        assertThat(NormalQuantile.inverseCdf(0)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(NormalQuantile.inverseCdf(1)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(NormalQuantile.inverseCdf(-0.1)).isNaN();
        assertThat(NormalQuantile.inverseCdf(1.1)).isNaN();
        assertThat(NormalQuantile.inverseCdf(Double.NaN)).isNaN();
        assertThat(NormalQuantile.inverseCdf(Double.MIN_VALUE)).isFinite().isLessThan(-38);
    }

    @Test
    void knownProbabilities() {
        assertThat(NormalQuantile.cdf(0)).isEqualTo(0.5);
        assertThat(NormalQuantile.cdf(1)).isCloseTo(0.8413447460685429, within(1e-15));
        assertThat(NormalQuantile.cdf(-3) / 1.3498980316300946e-3).isCloseTo(1.0, within(1e-13));
        assertThat(NormalQuantile.cdf(-5) / 2.866515718791939e-7).isCloseTo(1.0, within(1e-13));
        assertThat(NormalQuantile.cdf(-8) / 6.22096057427178e-16).isCloseTo(1.0, within(1e-13));
    }

    // Probabilities are drawn as p = 10^e so that the far tail is covered as well as the middle.

    @Property
    void isAntisymmetric(@ForAll @DoubleRange(min = -300, max = -0.30103) @Scale(6) double e) {
        // 1 - p rounds for small p, so compare at the rounded complement and its exact reflection.
        double q = 1 - Math.pow(10, e);
        assertThat(NormalQuantile.inverseCdf(q)).isEqualTo(-NormalQuantile.inverseCdf(1 - q));
    }

    @Property
    void invertsTheDistributionFunction(@ForAll @DoubleRange(min = -300, max = -0.30103) @Scale(6) double e) {
        double p = Math.pow(10, e);
        assertThat(NormalQuantile.cdf(NormalQuantile.inverseCdf(p)) / p).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void isStrictlyIncreasingAcrossItsRegions() {
        double previous = Double.NEGATIVE_INFINITY;
        for (int k = 1; k < 100_000; k++) {
            double x = NormalQuantile.inverseCdf(k / 100_000.0);
            assertThat(x).isGreaterThan(previous);
            previous = x;
        }
        // Across the switch between Acklam's tail and central forms at p = 0.02425.
        previous = NormalQuantile.inverseCdf(0.02425 - 1e-9);
        for (int k = -999; k <= 1000; k++) {
            double x = NormalQuantile.inverseCdf(0.02425 + k * 1e-12);
            assertThat(x).isGreaterThanOrEqualTo(previous);
            previous = x;
        }
    }
}
