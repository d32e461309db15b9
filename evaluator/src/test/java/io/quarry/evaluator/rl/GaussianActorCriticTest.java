package io.quarry.evaluator.rl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The learner: exact repeatability under a seed, and updates that move the policy the right way. */
class GaussianActorCriticTest {

    private static final PpoConfig CONFIG = new PpoConfig(2, 16, 1e-2, 0.2, 0.99, 0.95, 0.0, 0.5, 4, 8, -1.0);

    /** Actions above the mean were good, below bad: the mean must rise, in every state. */
    private static PpoBatch batch(GaussianActorCritic learner) {
        SplittableRandom random = new SplittableRandom(3);
        int n = 32;
        double[][] states = new double[n][];
        double[][] actions = new double[n][];
        double[] advantages = new double[n];
        for (int i = 0; i < n; i++) {
            states[i] = new double[] {random.nextDouble() * 2 - 1, random.nextDouble() * 2 - 1};
            double up = i % 2 == 0 ? 0.3 : -0.3;
            actions[i] = new double[] {learner.means(new double[][] {states[i]})[0][0] + up};
            advantages[i] = up > 0 ? 1 : -1;
        }
        return new PpoBatch(states, actions, learner.logProbs(states, actions), advantages, new double[n]);
    }

    @Test
    void updateRaisesTheMeanTowardGoodActionsAndFitsTheCritic() {
        try (GaussianActorCritic learner = new GaussianActorCritic(2, 1, CONFIG, 0.0, new SplittableRandom(1))) {
            PpoBatch batch = batch(learner);
            double[][] before = learner.means(batch.states());
            double valueError = meanSquare(learner.values(batch.states()));

            learner.update(batch, new SplittableRandom(2));

            double[][] after = learner.means(batch.states());
            for (int i = 0; i < before.length; i++) {
                assertThat(after[i][0]).as("mean of state %d", i).isGreaterThan(before[i][0]);
            }
            // Targets are 0: the critic's squared error must shrink.
            assertThat(meanSquare(learner.values(batch.states()))).isLessThan(valueError);
        }
    }

    @Test
    void seededRunsRepeatExactly() {
        double[][] first = run();
        double[][] second = run();
        assertThat(second).isDeepEqualTo(first);
    }

    private static double[][] run() {
        try (GaussianActorCritic learner = new GaussianActorCritic(2, 1, CONFIG, 0.0, new SplittableRandom(7))) {
            PpoBatch batch = batch(learner);
            SplittableRandom random = new SplittableRandom(8);
            for (int i = 0; i < 3; i++) {
                learner.update(batch, random);
            }
            MlpWeights actor = learner.actor();
            return new double[][] {actor.weights().get(0), actor.biases().get(2), learner.logStd(),
                    learner.critic().weights().get(1)};
        }
    }

    private static double meanSquare(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return s / v.length;
    }
}
