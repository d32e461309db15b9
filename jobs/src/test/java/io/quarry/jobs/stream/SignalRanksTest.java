package io.quarry.jobs.stream;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The signal stage's percentile ranks: average rank of ties over the count of present values. */
class SignalRanksTest {

    @Test
    void tiesShareTheirMeanPositionAndNaNStaysNaN() {
        // Present, in order: -0.0 and 0.0 (equal: positions 1 and 2), 1, 2, 3 and 3 (positions 5 and 6).
        double[] r = SignalStage.ranks(new double[] {3.0, Double.NaN, 1.0, 3.0, -0.0, 0.0, 2.0});
        assertThat(r).containsExactly(5.5 / 6, Double.NaN, 3.0 / 6, 5.5 / 6, 1.5 / 6, 1.5 / 6, 4.0 / 6);
    }

    @Provide
    Arbitrary<double[]> rows() {
        // Few distinct values, so that most rows have ties; NaN and both zeros among them.
        return Arbitraries.of(Double.NaN, -0.0, 0.0, -1.5, 2.0, 7.25, 1e-300, -1e300)
                .array(double[].class).ofMinSize(0).ofMaxSize(60);
    }

    @Property(tries = 500)
    void equalsCountingTheValuesBelowAndEqual(@ForAll("rows") double[] x) {
        double[] r = SignalStage.ranks(x);
        int present = 0;
        for (double v : x) {
            present += Double.isNaN(v) ? 0 : 1;
        }
        for (int i = 0; i < x.length; i++) {
            if (Double.isNaN(x[i])) {
                assertThat(r[i]).isNaN();
                continue;
            }
            int below = 0;
            int equal = 0;
            for (double v : x) {
                below += v < x[i] ? 1 : 0;
                equal += v == x[i] ? 1 : 0;
            }
            assertThat(r[i]).isEqualTo((below + (equal + 1) / 2.0) / present);
        }
    }
}
