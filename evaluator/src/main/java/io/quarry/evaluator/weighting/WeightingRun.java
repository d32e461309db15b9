package io.quarry.evaluator.weighting;

import io.quarry.dsl.panel.Panel;
import java.util.Arrays;
import java.util.List;

/**
 * A model's policy stepped through a whole panel with {@link WeightingState}, as a stream replaying
 * it would: per row the weights and the combined signal.
 *
 * @param weights  per row, the weights (one per alpha of the model); null before the policy's first day
 * @param combined the combined signal over the panel, symbol-major; NaN before the policy's first day
 */
public record WeightingRun(double[][] weights, double[] combined) {

    /**
     * @param values per alpha of the model, in its order, its values over the panel (symbol-major)
     * @throws IllegalArgumentException when the values do not fit the model or the panel
     */
    public static WeightingRun over(WeightingModel model, Panel panel, List<double[]> values) {
        int rows = panel.rows();
        int n = panel.symbolCount();
        if (values.size() != model.alphas().size()) {
            throw new IllegalArgumentException("the model weights " + model.alphas().size() + " alphas, got values of "
                    + values.size());
        }
        for (double[] v : values) {
            if (v.length != rows * n) {
                throw new IllegalArgumentException("alpha values have " + v.length + " cells, expected rows x symbols = "
                        + rows * n);
            }
        }
        double[][] weights = new double[rows][];
        double[] combined = new double[rows * n];
        Arrays.fill(combined, Double.NaN);
        WeightingState state = WeightingState.initial(model, panel.symbols());
        try (WeightingPolicy policy = WeightingPolicy.open(model)) {
            for (int t = 0; t < rows; t++) {
                WeightingState.Step step = state.next(policy, WeightingData.crossSection(panel, values, t),
                        WeightingData.closes(panel, t));
                state = step.state();
                weights[t] = step.weights();
                if (step.weights() != null) {
                    for (int s = 0; s < n; s++) {
                        combined[s * rows + t] = step.combined()[s];
                    }
                }
            }
        }
        return new WeightingRun(weights, combined);
    }
}
