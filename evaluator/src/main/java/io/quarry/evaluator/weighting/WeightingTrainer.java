package io.quarry.evaluator.weighting;

import io.quarry.dsl.panel.Panel;
import io.quarry.evaluator.rl.Gae;
import io.quarry.evaluator.rl.GaussianActorCritic;
import io.quarry.evaluator.rl.PpoBatch;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Trains a weighting policy by PPO on the days of a training range, then measures it, with equal
 * weights for comparison, on the training and validation days.
 *
 * <p>Each round runs {@code episodes} episodes side by side, each from a random day of the training
 * range with equal weights and nothing held, for {@code steps} days: actions are the actor's mean
 * plus Gaussian noise, weights are {@link Actions#weights} of them; then GAE per episode (the
 * value of the state after the last step is bootstrapped) and one PPO update. Rewards and the
 * weights' path use only the training range's returns: no day after {@code trainEnd - 1} is read.
 */
public final class WeightingTrainer {

    /**
     * After a round.
     *
     * @param iteration  1-based
     * @param meanReward mean raw reward per step of the round's episodes (exploration included)
     * @param stats      the update's losses
     */
    public record Progress(int iteration, int iterations, double meanReward, GaussianActorCritic.Stats stats) {
    }

    private WeightingTrainer() {
    }

    /**
     * @param data     names the data in the model's provenance (e.g. the file name)
     * @param alphas   the alphas (names and canonical formulas), in the order of {@code values}
     * @param values   per alpha, its values over the whole panel, symbol-major
     * @param trainEnd the row after the last training row
     * @param validEnd the row after the last validation row ({@code >= trainEnd}; equal for none)
     * @param progress told after each round; may be null
     * @return the model; its provenance holds the ranges, the device, the training time and the
     *         annualised return and Sharpe of the policy and of equal weights on each range
     * @throws IllegalArgumentException for too many alphas, a training range too short for an episode, or bad rows
     */
    public static WeightingModel train(WeightingSpec spec, Panel panel, String data, List<WeightingModel.Alpha> alphas,
                                       List<double[]> values, int trainEnd, int validEnd, TrainingPlan plan,
                                       Consumer<Progress> progress) {
        long start = System.nanoTime();
        int k = alphas.size();
        if (k < 1 || k > WeightingModel.MAX_ALPHAS) {
            throw new IllegalArgumentException("PPO weighting takes 1 to " + WeightingModel.MAX_ALPHAS + " alphas, got " + k
                    + " (pick the pool's members)");
        }
        if (values.size() != k) {
            throw new IllegalArgumentException(k + " alphas but values of " + values.size());
        }
        if (trainEnd > validEnd || validEnd > panel.rows()) {
            throw new IllegalArgumentException("rows: training ends at " + trainEnd + ", validation at " + validEnd
                    + ", the data has " + panel.rows());
        }
        WeightingData days = WeightingData.of(spec, panel, values);
        int lastStart = trainEnd - 1 - plan.steps();
        if (lastStart < days.ready) {
            List<String> dates = panel.timestamps();
            throw new IllegalArgumentException("the training range " + dates.get(0) + " .. "
                    + dates.get(Math.max(0, trainEnd - 1)) + " has " + Math.max(0, trainEnd - 1 - days.ready)
                    + " days with a state and a next-day return; episodes of " + plan.steps() + " days need more ("
                    + Features.LONG + " days of history come first)");
        }
        WeightingModel.Normalisation normalisation = normalisation(days, trainEnd - 1);
        SplittableRandom random = new SplittableRandom(plan.seed());
        int stateSize = Features.size(k);
        WeightingModel trained;
        String device;
        try (GaussianActorCritic learner = new GaussianActorCritic(stateSize, k, plan.ppo(), 1.0 / k, random)) {
            for (int iteration = 1; iteration <= plan.iterations(); iteration++) {
                Rollout rollout = collect(days, trainEnd, lastStart, plan, normalisation, learner, random);
                GaussianActorCritic.Stats stats = learner.update(rollout.batch, random);
                if (progress != null) {
                    progress.accept(new Progress(iteration, plan.iterations(), rollout.meanReward, stats));
                }
            }
            device = learner.device();
            trained = new WeightingModel(spec, alphas, normalisation, plan,
                    new WeightingModel.Provenance(data, "", "", "", device, 0, Map.of()), learner.actor(),
                    learner.logStd(), learner.critic());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Double> results = new LinkedHashMap<>();
        double[] ppo;
        try (WeightingPolicy policy = WeightingPolicy.open(trained)) {
            ppo = dailyRewards(days, validEnd, policy);
        }
        double[] equal = dailyRewards(days, validEnd, null);
        summarise(results, "train", ppo, equal, days.ready, trainEnd - 1);
        if (validEnd > trainEnd) {
            summarise(results, "valid", ppo, equal, trainEnd - 1, validEnd - 1);
        }
        List<String> dates = panel.timestamps();
        return trained.withProvenance(new WeightingModel.Provenance(data, dates.get(0), dates.get(trainEnd - 1),
                dates.get(validEnd - 1), device, seconds, results));
    }

    /**
     * The deterministic policy's (or, for a null policy, equal weights') reward of each day from the
     * first state on, earned on the next day; NaN where none.
     */
    static double[] dailyRewards(WeightingData data, int end, WeightingPolicy policy) {
        double[] rewards = new double[data.rows];
        java.util.Arrays.fill(rewards, Double.NaN);
        WeightingEnvironment env = new WeightingEnvironment(data, end);
        env.reset(data.ready);
        while (!env.done()) {
            int day = env.day();
            double[] w = policy == null ? Actions.equal(data.alphas) : policy.weights(env.state());
            rewards[day] = env.step(w);
        }
        return rewards;
    }

    // ---------------------------------------------------------------------------------------------

    private record Rollout(PpoBatch batch, double meanReward) {
    }

    private static Rollout collect(WeightingData data, int trainEnd, int lastStart, TrainingPlan plan,
                                   WeightingModel.Normalisation normalisation, GaussianActorCritic learner,
                                   SplittableRandom random) {
        int episodes = plan.episodes();
        int steps = plan.steps();
        int k = data.alphas;
        WeightingEnvironment[] envs = new WeightingEnvironment[episodes];
        for (int e = 0; e < episodes; e++) {
            envs[e] = new WeightingEnvironment(data, trainEnd);
            envs[e].reset(data.ready + random.nextInt(lastStart - data.ready + 1));
        }
        double[][] states = new double[episodes * steps][];
        double[][] actions = new double[episodes * steps][];
        double[] rewards = new double[episodes * steps];
        double[] std = learner.std();
        double rewardSum = 0;
        for (int step = 0; step < steps; step++) {
            double[][] now = new double[episodes][];
            for (int e = 0; e < episodes; e++) {
                now[e] = normalisation.apply(envs[e].state());
            }
            double[][] means = learner.means(now);
            for (int e = 0; e < episodes; e++) {
                double[] action = new double[k];
                for (int a = 0; a < k; a++) {
                    action[a] = means[e][a] + std[a] * gaussian(random);
                }
                double reward = envs[e].step(Actions.weights(action));
                int i = e * steps + step;
                states[i] = now[e];
                actions[i] = action;
                rewards[i] = reward * plan.rewardScale();
                rewardSum += reward;
            }
        }
        double[][] last = new double[episodes][];
        for (int e = 0; e < episodes; e++) {
            last[e] = normalisation.apply(envs[e].state());
        }
        double[] lastValues = learner.values(last);
        double[] values = learner.values(states);
        double[] oldLogProbs = learner.logProbs(states, actions);
        double[] advantages = new double[states.length];
        double[] returns = new double[states.length];
        boolean[] terminal = new boolean[steps];
        for (int e = 0; e < episodes; e++) {
            int from = e * steps;
            Gae.Estimate estimate = Gae.compute(java.util.Arrays.copyOfRange(rewards, from, from + steps),
                    java.util.Arrays.copyOfRange(values, from, from + steps), terminal, lastValues[e],
                    plan.ppo().gamma(), plan.ppo().lambda());
            System.arraycopy(estimate.advantages(), 0, advantages, from, steps);
            System.arraycopy(estimate.returns(), 0, returns, from, steps);
        }
        return new Rollout(new PpoBatch(states, actions, oldLogProbs, advantages, returns),
                rewardSum / (episodes * steps));
    }

    /**
     * Per feature, mean and standard deviation (ddof 1, 1 when below 1e-12) over the states of the
     * training days before {@code last}; the weights are left as they are (mean 0, deviation 1).
     */
    private static WeightingModel.Normalisation normalisation(WeightingData data, int last) {
        int size = Features.size(data.alphas);
        double[] mean = new double[size];
        double[] std = new double[size];
        int n = last - data.ready;
        for (int t = data.ready; t < last; t++) {
            for (int i = 0; i < size; i++) {
                mean[i] += data.features[t][i] / n;
            }
        }
        for (int t = data.ready; t < last; t++) {
            for (int i = 0; i < size; i++) {
                double d = data.features[t][i] - mean[i];
                std[i] += d * d;
            }
        }
        int weightsAt = Features.weightsAt(data.alphas);
        for (int i = 0; i < size; i++) {
            std[i] = Math.sqrt(std[i] / Math.max(1, n - 1));
            boolean weight = i >= weightsAt && i < weightsAt + data.alphas;
            if (weight || !(std[i] > 1e-12)) {
                mean[i] = weight ? 0 : mean[i];
                std[i] = 1;
            }
        }
        return new WeightingModel.Normalisation(mean, std);
    }

    /** Mean daily reward, annualised return and Sharpe of the days {@code [from, to)} for the policy and equal weights. */
    private static void summarise(Map<String, Double> results, String range, double[] ppo, double[] equal, int from,
                                  int to) {
        for (String who : List.of("ppo", "equal")) {
            double[] r = who.equals("ppo") ? ppo : equal;
            double sum = 0;
            double ss = 0;
            int n = 0;
            for (int t = from; t < to; t++) {
                if (!Double.isNaN(r[t])) {
                    sum += r[t];
                    n++;
                }
            }
            double mean = n == 0 ? Double.NaN : sum / n;
            for (int t = from; t < to; t++) {
                if (!Double.isNaN(r[t])) {
                    ss += (r[t] - mean) * (r[t] - mean);
                }
            }
            double sd = n < 2 ? Double.NaN : Math.sqrt(ss / (n - 1));
            results.put(range + "_" + who + "_days", (double) n);
            results.put(range + "_" + who + "_annual_return", mean * 252);
            results.put(range + "_" + who + "_sharpe", sd > 0 ? mean / sd * Math.sqrt(252) : Double.NaN);
        }
    }

    static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
