package io.quarry.evaluator.rl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.quarry.evaluator.djl.DjlKernels;
import org.junit.jupiter.api.Test;

/** The clipped surrogate and the Gaussian's log-density and entropy, against hand computations. */
class PpoLossTest {

    /**
     * Ratios 0.5, 1.0, 1.5, 1.1, 0.7 with advantages 1, 2, 1, -1, -2 and eps 0.2; per step
     * min(rho A, clip(rho) A) = min(0.5, 0.8) = 0.5; 2; min(1.5, 1.2) = 1.2; min(-1.1, -1.1) = -1.1;
     * min(-1.4, -1.6) = -1.6. Mean 1.0 / 5 = 0.2: the loss is -0.2. Its gradient in logProb_i is
     * -rho_i A_i / 5 where the unclipped term is the minimum and 0 where the clipped one is
     * (saturated): -0.1, -0.4, 0, 0.22, 0.
     */
    @Test
    void clippedSurrogateByHand() {
        Engine engine = DjlKernels.offlineEngine();
        double[] ratios = {0.5, 1.0, 1.5, 1.1, 0.7};
        double[] old = {-1.0, -2.0, -0.5, -3.0, -1.5};
        double[] now = new double[5];
        for (int i = 0; i < 5; i++) {
            now[i] = old[i] + Math.log(ratios[i]);
        }
        try (NDManager m = engine.newBaseManager()) {
            NDArray logProb = m.create(now);
            logProb.setRequiresGradient(true);
            double loss;
            try (GradientCollector collector = engine.newGradientCollector()) {
                NDArray l = PpoLoss.clippedSurrogate(logProb, m.create(old), m.create(new double[] {1, 2, 1, -1, -2}),
                        0.2);
                collector.backward(l);
                loss = l.getDouble();
            }
            assertThat(loss).isCloseTo(-0.2, within(1e-12));
            assertThat(logProb.getGradient().toDoubleArray())
                    .containsExactly(new double[] {-0.1, -0.4, 0, 0.22, 0}, within(1e-12));
        }
    }

    @Test
    void valueLossIsMeanSquaredError() {
        try (NDManager m = DjlKernels.offlineEngine().newBaseManager()) {
            // ((1-0)^2 + (2-4)^2) / 2 = 2.5
            assertThat(PpoLoss.valueLoss(m.create(new double[] {1, 2}), m.create(new double[] {0, 4})).getDouble())
                    .isCloseTo(2.5, within(1e-12));
        }
    }

    /**
     * Two components, sigma = (1, e^-1) (log sigma = 0, -1): at a = (0.5, 1) with mean (0, 1.2) the
     * density is N(0.5; 0, 1) N(1; 1.2, e^-2): log = -0.125 - 0.9189385332 + (-0.02 e^2 + 1 - 0.9189385332).
     */
    @Test
    void gaussianLogProbAndEntropyByHand() {
        try (NDManager m = DjlKernels.offlineEngine().newBaseManager()) {
            NDArray logStd = m.create(new double[] {0, -1});
            double halfLog2Pi = 0.5 * Math.log(2 * Math.PI);
            double expected = -0.125 - halfLog2Pi + (-0.5 * 0.04 * Math.exp(2) + 1 - halfLog2Pi);
            double actual = DiagonalGaussian.logProb(m.create(new double[][] {{0.5, 1}}), m.create(new double[][] {{0,
                    1.2}}), logStd).toDoubleArray()[0];
            assertThat(actual).isCloseTo(expected, within(1e-12));
            // Entropy of N(mu, sigma^2) is log sigma + (1 + log 2 pi) / 2 per component.
            assertThat(DiagonalGaussian.entropy(logStd).getDouble())
                    .isCloseTo(0 + -1 + 1 + Math.log(2 * Math.PI), within(1e-12));
        }
    }
}
