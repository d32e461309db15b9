package io.quarry.evaluator.weighting;

import io.quarry.evaluator.rl.GaussianActorCritic;
import io.quarry.evaluator.rl.MlpWeights;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Untrained models whose weights depend strongly on the state: what look-ahead tests need. */
final class Models {

    private Models() {
    }

    static WeightingModel random(WeightingSpec spec, List<WeightingModel.Alpha> alphas, long seed) {
        int k = alphas.size();
        int f = Features.size(k);
        TrainingPlan plan = TrainingPlan.defaults(seed);
        SplittableRandom random = new SplittableRandom(seed);
        double[] mean = new double[f];
        double[] std = new double[f];
        Arrays.fill(std, 0.01);
        Arrays.fill(std, Features.weightsAt(k), Features.weightsAt(k) + k, 1.0);
        MlpWeights actor = MlpWeights.initial(GaussianActorCritic.sizes(plan.ppo(), f, k), 1.0, 0, random);
        MlpWeights critic = MlpWeights.initial(GaussianActorCritic.sizes(plan.ppo(), f, 1), 1.0, 0, random);
        double[] logStd = new double[k];
        return new WeightingModel(spec, alphas, new WeightingModel.Normalisation(mean, std), plan,
                new WeightingModel.Provenance("generated", "", "", "", "none", 0, Map.of("x", 1.5)), actor, logStd,
                critic);
    }
}
