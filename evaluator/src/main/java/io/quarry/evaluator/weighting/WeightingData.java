package io.quarry.evaluator.weighting;

import io.quarry.dsl.panel.Panel;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything about a market that does not depend on the policy, computed once per row with the same
 * functions as {@link WeightingState}: the alphas' z-scores, the returns, and the state's features
 * except the weights (0 there). Arrays are time-major and never written after construction.
 */
final class WeightingData {

    final WeightingSpec spec;
    /** The traded symbol's index in single-asset mode, else -1. */
    final int symbol;
    final int rows;
    final int symbols;
    final int alphas;
    /** {@code z[t][a][s]}. */
    final double[][][] z;
    /** {@code returns[t][s]}: from row t-1 to row t; NaN at row 0. */
    final double[][] returns;
    /** {@code features[t]}: the state of row t with zero weights; null before {@link #ready}. */
    final double[][] features;
    /** The first row with a state. */
    final int ready;

    private WeightingData(WeightingSpec spec, int symbol, double[][][] z, double[][] returns) {
        this.spec = spec;
        this.symbol = symbol;
        this.rows = z.length;
        this.symbols = returns.length == 0 ? 0 : returns[0].length;
        this.alphas = rows == 0 ? 0 : z[0].length;
        this.z = z;
        this.returns = returns;
        this.features = new double[rows][];
        this.ready = Features.LONG;
        List<Observation> recent = new ArrayList<>();
        double[] zero = new double[alphas];
        for (int t = 1; t < rows; t++) {
            recent.add(Observation.of(spec, symbol, z[t - 1], returns[t]));
            if (recent.size() > Features.LONG) {
                recent.remove(0);
            }
            if (recent.size() == Features.LONG) {
                features[t] = Features.of(recent, zero);
            }
        }
    }

    /**
     * @param values per alpha (in the model's order), its values over the panel, symbol-major
     * @throws IllegalArgumentException when a single-asset symbol is not in the panel or the values do not cover it
     */
    static WeightingData of(WeightingSpec spec, Panel panel, List<double[]> values) {
        int rows = panel.rows();
        int n = panel.symbolCount();
        int symbol = -1;
        if (spec.mode() == WeightingSpec.Mode.SINGLE_ASSET) {
            symbol = panel.symbols().indexOf(spec.symbol());
            if (symbol < 0) {
                throw new IllegalArgumentException("symbol " + spec.symbol() + " is not in the data");
            }
        }
        for (int a = 0; a < values.size(); a++) {
            if (values.get(a).length != rows * n) {
                throw new IllegalArgumentException("alpha " + a + " has " + values.get(a).length + " values, expected rows x "
                        + "symbols = " + rows * n);
            }
        }
        double[][][] z = new double[rows][values.size()][];
        double[][] returns = new double[rows][];
        double[] previous = null;
        for (int t = 0; t < rows; t++) {
            double[][] cross = crossSection(panel, values, t);
            for (int a = 0; a < values.size(); a++) {
                z[t][a] = CrossSections.zScores(cross[a]);
            }
            double[] close = closes(panel, t);
            if (previous == null) {
                returns[t] = new double[n];
                java.util.Arrays.fill(returns[t], Double.NaN);
            } else {
                returns[t] = CrossSections.returns(previous, close);
            }
            previous = close;
        }
        return new WeightingData(spec, symbol, z, returns);
    }

    /** Per alpha, its values across the symbols at row t. */
    static double[][] crossSection(Panel panel, List<double[]> values, int t) {
        int rows = panel.rows();
        int n = panel.symbolCount();
        double[][] out = new double[values.size()][n];
        for (int a = 0; a < values.size(); a++) {
            double[] v = values.get(a);
            for (int s = 0; s < n; s++) {
                out[a][s] = v[s * rows + t];
            }
        }
        return out;
    }

    /** The closes at row t; NaN where a symbol has no bar. */
    static double[] closes(Panel panel, int t) {
        int rows = panel.rows();
        double[] close = panel.values("close");
        double[] out = new double[panel.symbolCount()];
        for (int s = 0; s < out.length; s++) {
            out[s] = panel.hasBar(t, s) ? close[s * rows + t] : Double.NaN;
        }
        return out;
    }
}
