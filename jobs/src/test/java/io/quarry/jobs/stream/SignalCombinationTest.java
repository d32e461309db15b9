package io.quarry.jobs.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.quarry.dsl.eval.CrossSectionSort;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The signal stage's equal-weight combination: the mean over the alphas with a value of
 * {@code 2 * (rank - 0.5)}, with ranks averaged over ties and divided by the count of present values.
 */
class SignalCombinationTest {

    @Test
    void averagesTheScaledRanksOfTheAlphasWithAValue() {
        // Alpha x over 7 symbols, present in order: -0.0 and 0.0 (equal: positions 1 and 2), 1, 2, 3 and
        // 3 (positions 5 and 6): ranks 5.5/6, NaN, 3/6, 5.5/6, 1.5/6, 1.5/6, 4/6, scaled 2 * (r - 0.5):
        // 5/6, NaN, 0, 5/6, -1/2, -1/2, 1/3. Alpha y has 1 and 2 on symbols 0 and 3: ranks 1/2 and 1,
        // scaled 0 and 1. Symbol 1 has no value.
        double n = Double.NaN;
        double[] values = {3.0, n, 1.0, 3.0, -0.0, 0.0, 2.0, 1.0, n, n, 2.0, n, n, n};
        double[] signal = SignalStage.combined(values, 2, 7, new CrossSectionSort(7));
        assertThat(signal[0]).isCloseTo((5.0 / 6 + 0) / 2, within(1e-15));
        assertThat(signal[1]).isNaN();
        assertThat(signal[2]).isCloseTo(0, within(1e-15));
        assertThat(signal[3]).isCloseTo((5.0 / 6 + 1) / 2, within(1e-15));
        assertThat(signal[4]).isCloseTo(-0.5, within(1e-15));
        assertThat(signal[5]).isCloseTo(-0.5, within(1e-15));
        assertThat(signal[6]).isCloseTo(1.0 / 3, within(1e-15));
    }

    @Provide
    Arbitrary<double[]> rows() {
        // Few distinct values, so that most rows have ties; NaN and both zeros among them.
        return Arbitraries.of(Double.NaN, -0.0, 0.0, -1.5, 2.0, 7.25, 1e-300, -1e300)
                .array(double[].class).ofMinSize(0).ofMaxSize(60);
    }

    @Property(tries = 500)
    void oneAlphaGivesItsScaledRankFromCountingTheValuesBelowAndEqual(@ForAll("rows") double[] x) {
        double[] signal = SignalStage.combined(x, 1, x.length, new CrossSectionSort(x.length));
        int present = 0;
        for (double v : x) {
            present += Double.isNaN(v) ? 0 : 1;
        }
        for (int i = 0; i < x.length; i++) {
            if (Double.isNaN(x[i])) {
                assertThat(signal[i]).isNaN();
                continue;
            }
            int below = 0;
            int equal = 0;
            for (double v : x) {
                below += v < x[i] ? 1 : 0;
                equal += v == x[i] ? 1 : 0;
            }
            double rank = (below + (equal + 1) / 2.0) / present;
            assertThat(signal[i]).isEqualTo(2 * (rank - 0.5));
        }
    }
}
