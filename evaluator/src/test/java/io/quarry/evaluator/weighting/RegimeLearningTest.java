package io.quarry.evaluator.weighting;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * PPO with its default hyperparameters on a generated market where one alpha works only in one
 * regime ({@link RegimeMarket}): trained on the first 490 days, it must weight that alpha more in
 * its regime than outside it and beat fixed equal weights clearly on the 210 held-out days.
 */
class RegimeLearningTest {

    private static final int ROWS = 700;
    private static final int TRAIN_END = 490;

    @Test
    void learnsToSwitchWeightToTheRegimeAlphaAndBeatsEqualWeightsOnHeldOutDays() {
        RegimeMarket market = RegimeMarket.generate(ROWS, 60, 11);
        TrainingPlan plan = TrainingPlan.defaults(3).withIterations(40);

        WeightingModel trained = WeightingTrainer.train(WeightingSpec.crossSectional(), market.panel(), "regimes",
                RegimeMarket.alphas(), market.values(), TRAIN_END, ROWS, plan, null);

        Map<String, Double> r = trained.provenance().results();
        assertThat(r.get("valid_ppo_sharpe")).as("held-out Sharpe of PPO vs equal weights (%s)", r)
                .isGreaterThan(r.get("valid_equal_sharpe") + 1.5);
        assertThat(r.get("valid_ppo_annual_return")).as("held-out annual return (%s)", r)
                .isGreaterThan(1.3 * r.get("valid_equal_annual_return"));
        WeightingRun run = WeightingRun.over(trained, market.panel(), market.values());
        double[] in = new double[2];
        int[] days = new int[2];
        for (int t = TRAIN_END; t < ROWS; t++) {
            int regime = market.regime()[t] ? 1 : 0;
            in[regime] += run.weights()[t][1];
            days[regime]++;
        }
        double on = in[1] / days[1];
        double off = in[0] / days[0];
        assertThat(on - off).as("mean held-out weight of the regime alpha in (%s) and out of (%s) its regime", on, off)
                .isGreaterThan(0.2);
    }
}
