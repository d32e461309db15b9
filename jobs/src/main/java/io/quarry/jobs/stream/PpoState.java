package io.quarry.jobs.stream;

import io.quarry.evaluator.weighting.WeightingModel;
import io.quarry.evaluator.weighting.WeightingSpec;
import io.quarry.evaluator.weighting.WeightingState;
import java.util.List;

/**
 * What the signal stage keeps for a PPO weighting model between cross-sections: the model's
 * {@link WeightingState} over a universe of symbols, and whether the stage has fallen back to equal
 * weights because a model alpha is missing. Immutable.
 *
 * @param spec     the model's environment (a restored state needs it)
 * @param symbols  the universe: every symbol seen so far, sorted (as a panel orders them), in the order
 *                 of the state's per-symbol arrays; a symbol without a bar in a cross-section is NaN there
 * @param state    the weighting state after the last weighted cross-section
 * @param paused   true while a model alpha is missing and the signal is equal-weight
 */
record PpoState(WeightingSpec spec, List<String> symbols, WeightingState state, boolean paused) {

    PpoState {
        symbols = List.copyOf(symbols);
    }

    /** Before the first cross-section. */
    static PpoState initial(WeightingModel model) {
        return new PpoState(model.spec(), List.of(), WeightingState.initial(model, List.of()), false);
    }

    PpoState withPaused(boolean now) {
        return new PpoState(spec, symbols, state, now);
    }

    /**
     * The same state over a larger universe: the new symbols had no bar so far (NaN z-scores and closes).
     *
     * @param universe sorted, containing every symbol of {@link #symbols}
     */
    PpoState widen(List<String> universe) {
        WeightingState.Parts parts = state.parts();
        double[][] z = null;
        double[] close = null;
        if (parts.close() != null) {
            int[] to = new int[symbols.size()];
            for (int s = 0; s < to.length; s++) {
                to[s] = universe.indexOf(symbols.get(s));
            }
            close = nans(universe.size());
            for (int s = 0; s < to.length; s++) {
                close[to[s]] = parts.close()[s];
            }
            z = new double[parts.z().length][];
            for (int a = 0; a < z.length; a++) {
                z[a] = nans(universe.size());
                for (int s = 0; s < to.length; s++) {
                    z[a][to[s]] = parts.z()[a][s];
                }
            }
        }
        WeightingState.Parts wide = new WeightingState.Parts(parts.ic(), parts.longShort(), parts.market(), z, close,
                parts.weights());
        return new PpoState(spec, universe, WeightingState.restore(spec, universe, wide), paused);
    }

    static double[] nans(int n) {
        double[] x = new double[n];
        java.util.Arrays.fill(x, Double.NaN);
        return x;
    }
}
