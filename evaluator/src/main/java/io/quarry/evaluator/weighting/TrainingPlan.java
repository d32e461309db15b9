package io.quarry.evaluator.weighting;

import io.quarry.evaluator.rl.PpoConfig;
import java.util.Objects;

/**
 * How long and on what PPO trains a weighting policy.
 *
 * @param ppo         the learner's hyperparameters
 * @param iterations  collect-then-update rounds
 * @param episodes    episodes collected side by side per round, each from a random start day
 * @param steps       days per episode (cut short there: the last state's value is bootstrapped)
 * @param rewardScale rewards are multiplied by this before learning (daily returns are ~1e-2)
 * @param seed        seeds every random draw
 */
public record TrainingPlan(PpoConfig ppo, int iterations, int episodes, int steps, double rewardScale, long seed) {

    public TrainingPlan {
        Objects.requireNonNull(ppo, "ppo");
        if (iterations < 1 || episodes < 1 || steps < 1) {
            throw new IllegalArgumentException("iterations, episodes and steps must be at least 1, got " + iterations
                    + ", " + episodes + ", " + steps);
        }
        if (!(rewardScale > 0) || Double.isInfinite(rewardScale)) {
            throw new IllegalArgumentException("rewardScale must be a positive number, got " + rewardScale);
        }
    }

    /** PPO's defaults, 150 rounds of 8 episodes of 64 days, rewards in percent. */
    public static TrainingPlan defaults(long seed) {
        return new TrainingPlan(PpoConfig.defaults(), 150, 8, 64, 100, seed);
    }

    public TrainingPlan withIterations(int n) {
        return new TrainingPlan(ppo, n, episodes, steps, rewardScale, seed);
    }
}
