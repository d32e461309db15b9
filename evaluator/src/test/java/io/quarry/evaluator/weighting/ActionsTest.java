package io.quarry.evaluator.weighting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** From raw actions to weights, and the combined signal. */
class ActionsTest {

    /** (0.5, -3, 0.25, 1.5) clips to (0.5, -1, 0.25, 1): sum of |.| = 2.75. */
    @Test
    void clipsThenNormalisesTheSumOfAbsoluteValuesToOne() {
        double[] w = Actions.weights(new double[] {0.5, -3, 0.25, 1.5});

        assertThat(w).containsExactly(new double[] {0.5 / 2.75, -1 / 2.75, 0.25 / 2.75, 1 / 2.75}, within(1e-15));
        double l1 = 0;
        for (double x : w) {
            l1 += Math.abs(x);
        }
        assertThat(l1).isCloseTo(1, within(1e-15));
    }

    @Test
    void allZeroGivesEqualWeightsAndNaNIsRefused() {
        assertThat(Actions.weights(new double[] {0, 0, 0, 0})).containsExactly(0.25, 0.25, 0.25, 0.25);
        assertThat(Actions.weights(new double[] {-0.2})).containsExactly(-1.0);
        assertThatThrownBy(() -> Actions.weights(new double[] {1, Double.NaN})).hasMessageContaining("component 1");
    }

    /** Symbol 0: 0.5*1 + (-0.5)*3; symbol 1: only the first alpha; symbol 2: none. */
    @Test
    void combinesThePresentZScores() {
        double[][] z = {{1, 2, Double.NaN}, {3, Double.NaN, Double.NaN}};
        double[] c = Actions.combine(new double[] {0.5, -0.5}, z);
        assertThat(c[0]).isEqualTo(-1.0);
        assertThat(c[1]).isEqualTo(1.0);
        assertThat(c[2]).isNaN();
    }
}
