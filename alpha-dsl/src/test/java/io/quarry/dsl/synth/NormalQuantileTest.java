package io.quarry.dsl.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
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

    @Property
    void isAntisymmetric(@ForAll @DoubleRange(min = 1e-300, max = 0.5) double p) {
        // 1 - p rounds for small p, so compare at the quantile of the rounded complement.
        double q = 1 - p;
        assertThat(NormalQuantile.inverseCdf(q)).isEqualTo(-NormalQuantile.inverseCdf(1 - q));
    }

    @Property
    void invertsTheDistributionFunction(@ForAll @DoubleRange(min = 1e-300, max = 0.5) double p) {
        double x = NormalQuantile.inverseCdf(p);
        assertThat(NormalQuantile.cdf(x) / p).isCloseTo(1.0, within(1e-12));
    }

    @Property
    void isIncreasing(@ForAll @DoubleRange(min = 1e-12, max = 1 - 1e-12) double p) {
        double next = Math.min(p * 1.001, 1 - 1e-13);
        assertThat(NormalQuantile.inverseCdf(next)).isGreaterThanOrEqualTo(NormalQuantile.inverseCdf(p));
    }
}
