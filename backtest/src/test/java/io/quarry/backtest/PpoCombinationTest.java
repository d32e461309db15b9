package io.quarry.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.dsl.panel.Panel;
import io.quarry.dsl.synth.MarketGenerator;
import io.quarry.evaluator.rl.PpoConfig;
import io.quarry.evaluator.weighting.TrainingPlan;
import io.quarry.evaluator.weighting.WeightingModel;
import io.quarry.evaluator.weighting.WeightingRun;
import io.quarry.evaluator.weighting.WeightingSpec;
import io.quarry.evaluator.weighting.WeightingTrainer;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link Combination#PPO}: the backtested combined signal is the policy's, stepped through the
 * panel as a stream would; the model must fit the alphas and trade cross-sections.
 */
class PpoCombinationTest {

    private static final Panel PANEL = MarketGenerator.generate(new MarketGenerator.Spec(30, 140, 4));
    private static final List<Signal> SIGNALS = List.of(noise("a", 1), noise("b", 2));
    private static WeightingModel model;

    @BeforeAll
    static void train() {
        TrainingPlan plan = new TrainingPlan(PpoConfig.defaults(), 2, 2, 16, 100, 5);
        model = WeightingTrainer.train(WeightingSpec.crossSectional(), PANEL, "generated", alphas(SIGNALS),
                SIGNALS.stream().map(Signal::values).toList(), 100, 140, plan, null);
    }

    private static Signal noise(String name, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] v = new double[PANEL.rows() * PANEL.symbolCount()];
        for (int i = 0; i < v.length; i++) {
            v[i] = PANEL.barMask()[i] ? random.nextGaussian() : Double.NaN;
        }
        return new Signal(name, "formula of " + name, v);
    }

    private static List<WeightingModel.Alpha> alphas(List<Signal> signals) {
        return signals.stream().map(s -> new WeightingModel.Alpha(s.name(), s.description())).toList();
    }

    @Test
    void backtestsThePolicysCombinedSignalOnTheRange() {
        // Signals given in another order than the model's: matched by name.
        BacktestRun run = Backtester.plain().withWeighting(model)
                .runAll(PANEL, List.of(SIGNALS.get(1), SIGNALS.get(0)), 100, 140, BacktestSpec.defaults(), Combination.PPO, 1);

        BacktestResult combined = run.combined().orElseThrow();
        assertThat(combined.name()).isEqualTo("combined_ppo");
        assertThat(combined.description()).startsWith("PPO policy weights of 2 alphas");
        assertThat(combined.metrics().days()).isEqualTo(39);

        WeightingRun policy = WeightingRun.over(model, PANEL, SIGNALS.stream().map(Signal::values).toList());
        BacktestResult direct = Backtester.plain().run(PANEL, new Signal("direct", "d", policy.combined()), 100, 140,
                BacktestSpec.defaults());
        assertThat(combined.daily().net()).isEqualTo(direct.daily().net());
    }

    @Test
    void refusesNoModelOtherAlphasAndSingleAssetModels() {
        assertThatThrownBy(() -> Backtester.plain().runAll(PANEL, SIGNALS, 100, 140, BacktestSpec.defaults(),
                Combination.PPO, 1)).hasMessageContaining("needs a trained weighting model (--model FILE)");

        List<Signal> other = List.of(SIGNALS.get(0), new Signal("c", "formula of c", SIGNALS.get(1).values()));
        assertThatThrownBy(() -> Backtester.plain().withWeighting(model).runAll(PANEL, other, 100, 140,
                BacktestSpec.defaults(), Combination.PPO, 1))
                .hasMessageContaining("missing here: b").hasMessageContaining("not in the model: c");

        WeightingModel single = WeightingTrainer.train(WeightingSpec.singleAsset(PANEL.symbols().get(0)), PANEL,
                "generated", alphas(SIGNALS), SIGNALS.stream().map(Signal::values).toList(), 100, 140,
                new TrainingPlan(PpoConfig.defaults(), 1, 1, 8, 100, 5), null);
        assertThatThrownBy(() -> Backtester.plain().withWeighting(single).runAll(PANEL, SIGNALS, 100, 140,
                BacktestSpec.defaults(), Combination.PPO, 1)).hasMessageContaining("single-asset mode");
    }
}
