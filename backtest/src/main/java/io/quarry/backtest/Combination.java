package io.quarry.backtest;

import java.util.Locale;

/** How the alphas of a run are combined into one signal (see docs/BACKTEST.md). */
public enum Combination {
    /** No combined signal. */
    NONE,
    /** The mean of the alphas' per-day z-scores. */
    EQUAL,
    /** The z-scores weighted by each alpha's expanding mean of past daily ICs (equal until one is known). */
    IC,
    /** An {@link io.quarry.evaluator.AlphaPool} fitted before the backtested days, applied to them. */
    POOL,
    /**
     * Weights moved day by day by a trained PPO policy ({@link io.quarry.evaluator.weighting.WeightingModel},
     * given by {@link Backtester#withWeighting}); see docs/WEIGHTING.md.
     */
    PPO;

    /** {@code equal}, {@code ic}, ... as on the command line. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
