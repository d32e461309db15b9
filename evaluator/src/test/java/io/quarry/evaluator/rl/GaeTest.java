package io.quarry.evaluator.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** GAE against a trajectory computed by hand, and its two limiting identities. */
class GaeTest {

    private static final double[] REWARDS = {1, 0, 2};
    private static final double[] VALUES = {0.5, 1.0, 0.2};

    /**
     * gamma 0.9, lambda 0.8, V(s_3) = 0.4, by hand:
     * delta_2 = 2 + 0.9*0.4 - 0.2 = 2.16, A_2 = 2.16;
     * delta_1 = 0 + 0.9*0.2 - 1.0 = -0.82, A_1 = -0.82 + 0.72*2.16 = 0.7352;
     * delta_0 = 1 + 0.9*1.0 - 0.5 = 1.4, A_0 = 1.4 + 0.72*0.7352 = 1.929344.
     */
    @Test
    void handComputedTrajectory() {
        Gae.Estimate e = Gae.compute(REWARDS, VALUES, new boolean[3], 0.4, 0.9, 0.8);

        assertThat(e.advantages()).containsExactly(new double[] {1.929344, 0.7352, 2.16}, within(1e-12));
        assertThat(e.returns()).containsExactly(new double[] {2.429344, 1.7352, 2.36}, within(1e-12));
    }

    /**
     * The episode ends with step 1: nothing flows back across it. By hand: A_2 = 2.16 as above;
     * delta_1 = 0 - 1.0 = -1.0, A_1 = -1.0; A_0 = 1.4 + 0.72*(-1.0) = 0.68.
     */
    @Test
    void terminalStepStopsBootstrapAndTrace() {
        Gae.Estimate e = Gae.compute(REWARDS, VALUES, new boolean[] {false, true, false}, 0.4, 0.9, 0.8);

        assertThat(e.advantages()).containsExactly(new double[] {0.68, -1.0, 2.16}, within(1e-12));
    }

    /** lambda = 0: the one-step TD error; lambda = 1: the discounted return minus the value. */
    @Test
    void limitingCasesAreTdErrorAndMonteCarlo() {
        Random random = new Random(5);
        int n = 30;
        double[] r = new double[n];
        double[] v = new double[n];
        for (int t = 0; t < n; t++) {
            r[t] = random.nextGaussian();
            v[t] = random.nextGaussian();
        }
        double last = 0.7;
        double gamma = 0.95;

        double[] td = Gae.compute(r, v, new boolean[n], last, gamma, 0).advantages();
        double[] mc = Gae.compute(r, v, new boolean[n], last, gamma, 1).advantages();

        for (int t = 0; t < n; t++) {
            double next = t + 1 < n ? v[t + 1] : last;
            assertThat(td[t]).isCloseTo(r[t] + gamma * next - v[t], within(1e-12));
            double discounted = Math.pow(gamma, n - t) * last;
            for (int u = n - 1; u >= t; u--) {
                discounted = discounted + Math.pow(gamma, u - t) * r[u];
            }
            assertThat(mc[t]).isCloseTo(discounted - v[t], within(1e-9));
        }
    }

    @Test
    void refusesMismatchedLengthsAndBadRates() {
        assertThatThrownBy(() -> Gae.compute(new double[2], new double[3], new boolean[2], 0, 0.9, 0.9))
                .hasMessageContaining("differ in length");
        assertThatThrownBy(() -> Gae.compute(new double[1], new double[1], new boolean[1], 0, 1.5, 0.9))
                .hasMessageContaining("gamma");
    }
}
