package io.quarry.evaluator.weighting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.quarry.dsl.panel.Groups;
import io.quarry.dsl.panel.Panel;
import io.quarry.dsl.testing.Panels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Seeded training repeats exactly; the single-asset reward by hand; bad ranges are refused. */
class TrainingTest {

    @TempDir
    Path dir;

    @Test
    void seededTrainingOnTheCpuRepeatsExactly() throws IOException {
        RegimeMarket market = RegimeMarket.generate(160, 30, 8);
        TrainingPlan plan = new TrainingPlan(io.quarry.evaluator.rl.PpoConfig.defaults(), 3, 4, 16, 100, 21);

        String first = train(market, plan, "a.model");
        String second = train(market, plan, "b.model");
        String otherSeed = train(market, new TrainingPlan(plan.ppo(), 3, 4, 16, 100, 22), "c.model");

        assertThat(second).isEqualTo(first);
        assertThat(otherSeed).isNotEqualTo(first);
    }

    private String train(RegimeMarket market, TrainingPlan plan, String name) throws IOException {
        WeightingModel model = WeightingTrainer.train(WeightingSpec.crossSectional(), market.panel(), "regimes",
                RegimeMarket.alphas(), market.values(), 120, 160, plan, null);
        Path file = dir.resolve(name);
        model.write(file);
        // Everything but the time it took.
        return Files.readString(file).replaceAll("\"seconds\": [0-9.Ee-]+", "");
    }

    /**
     * Three symbols, trading S1, two alphas weighted (0.25, -0.75). Three values {-d, 0, d} have
     * z-scores -1, 0, 1 (sample sd d). Day 20: a = (0, 1, -1), b = (1, -1, 0): z at S1 is (1, -1),
     * combined 0.25 + 0.75 = 1 = the position; S1 returns +2% to day 21: reward 0.02 - 0.001 * |1 - 0|
     * = 0.019. Day 21: a = (1, 0, -1), b = (0, 1, -1): z (0, 1), position -0.75; S1 returns -1%:
     * reward 0.0075 - 0.001 * 1.75 = 0.00575.
     */
    @Test
    void singleAssetRewardByHand() {
        int rows = 23;
        double[][] close = new double[rows][3];
        double[][] a = new double[rows][];
        double[][] b = new double[rows][];
        for (int t = 0; t < rows; t++) {
            close[t] = new double[] {100, 50, 20};
            a[t] = new double[] {0, 1, 2};
            b[t] = new double[] {2, 1, 0};
        }
        close[21][1] = 50 * 1.02;
        close[22][1] = 50 * 1.02 * 0.99;
        a[20] = new double[] {0, 1, -1};
        b[20] = new double[] {1, -1, 0};
        a[21] = new double[] {1, 0, -1};
        b[21] = new double[] {0, 1, -1};
        Map<String, double[][]> fields = new LinkedHashMap<>();
        fields.put("close", close);
        fields.put("a", a);
        fields.put("b", b);
        Panel panel = Panels.of(fields, Groups.none());
        WeightingData data = WeightingData.of(WeightingSpec.singleAsset("S1"), panel,
                List.of(panel.values("a"), panel.values("b")));

        WeightingEnvironment env = new WeightingEnvironment(data, rows);
        env.reset(20);
        assertThat(env.step(new double[] {0.25, -0.75})).isCloseTo(0.019, within(1e-12));
        assertThat(env.step(new double[] {0.25, -0.75})).isCloseTo(0.00575, within(1e-12));
        assertThat(env.done()).isTrue();
    }

    @Test
    void aTrainingRangeTooShortForAnEpisodeIsRefused() {
        RegimeMarket market = RegimeMarket.generate(80, 20, 1);
        assertThatThrownBy(() -> WeightingTrainer.train(WeightingSpec.crossSectional(), market.panel(), "regimes",
                RegimeMarket.alphas(), market.values(), 60, 80, TrainingPlan.defaults(1), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("episodes of 64 days need more");
    }
}
