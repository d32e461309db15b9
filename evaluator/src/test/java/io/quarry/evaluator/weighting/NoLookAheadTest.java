package io.quarry.evaluator.weighting;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.dsl.panel.Panel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Nothing after day t enters the state or the weights of day t: perturbing every close and alpha
 * value after t leaves the weights (and combined signal) of every day up to t exactly as they were,
 * and does change later days (so the check can fail). Also: the training environment and the
 * day-by-day {@link WeightingState} give the same weights for the same history.
 */
class NoLookAheadTest {

    private static final int CUT = 300;

    @Test
    void perturbingDataAfterTLeavesTheWeightsUpToTUnchanged() {
        RegimeMarket market = RegimeMarket.generate(400, 40, 5);
        WeightingModel model = Models.random(WeightingSpec.crossSectional(), RegimeMarket.alphas(), 9);
        WeightingRun clean = WeightingRun.over(model, market.panel(), market.values());

        Panel panel = market.panel();
        Panel perturbed = perturbAfter(panel, CUT);
        List<double[]> values = new ArrayList<>();
        for (String a : RegimeMarket.ALPHAS) {
            values.add(perturbed.values(a));
        }
        WeightingRun dirty = WeightingRun.over(model, perturbed, values);

        int rows = panel.rows();
        for (int t = 0; t <= CUT; t++) {
            assertThat(dirty.weights()[t]).as("weights of row %d", t).isEqualTo(clean.weights()[t]);
            for (int s = 0; s < panel.symbolCount(); s++) {
                // Bits, so that NaN (no signal) equals NaN.
                assertThat(Double.doubleToLongBits(dirty.combined()[s * rows + t]))
                        .isEqualTo(Double.doubleToLongBits(clean.combined()[s * rows + t]));
            }
        }
        int changed = 0;
        for (int t = CUT + 1; t < rows; t++) {
            changed += java.util.Arrays.equals(dirty.weights()[t], clean.weights()[t]) ? 0 : 1;
        }
        assertThat(changed).as("later days whose weights the perturbation changed").isGreaterThan(50);
    }

    @Test
    void environmentAndStreamingStateAgree() {
        RegimeMarket market = RegimeMarket.generate(200, 30, 6);
        WeightingModel model = Models.random(WeightingSpec.crossSectional(), RegimeMarket.alphas(), 4);
        WeightingRun run = WeightingRun.over(model, market.panel(), market.values());
        WeightingData data = WeightingData.of(model.spec(), market.panel(), market.values());
        WeightingEnvironment env = new WeightingEnvironment(data, data.rows);
        env.reset(data.ready);
        assertThat(run.weights()[data.ready - 1]).as("no weights before the first state").isNull();
        try (WeightingPolicy policy = WeightingPolicy.open(model)) {
            while (!env.done()) {
                double[] w = policy.weights(env.state());
                assertThat(w).as("row %d", env.day()).isEqualTo(run.weights()[env.day()]);
                env.step(w);
            }
        }
    }

    /** Every close and alpha value after row {@code cut} multiplied by a factor that varies by cell. */
    private static Panel perturbAfter(Panel panel, int cut) {
        int rows = panel.rows();
        Map<String, double[]> fields = new HashMap<>();
        for (String field : panel.fieldNames()) {
            double[] v = panel.values(field).clone();
            for (int s = 0; s < panel.symbolCount(); s++) {
                for (int t = cut + 1; t < rows; t++) {
                    v[s * rows + t] *= field.equals("close") ? 1 + 0.05 * Math.sin(s + 3.0 * t) : -1.7 + Math.cos(t * s);
                }
            }
            fields.put(field, v);
        }
        return new Panel(panel.timestamps(), panel.symbols(), fields, panel.barMask(), panel.groups());
    }
}
