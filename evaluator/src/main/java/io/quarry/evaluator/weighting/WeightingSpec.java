package io.quarry.evaluator.weighting;

import java.util.Objects;

/**
 * What the weighting policy trades, and so what its reward is.
 *
 * <ul>
 *   <li>{@link Mode#CROSS_SECTIONAL}: the dollar-neutral long-short portfolio of the combined signal
 *       (long the top 1/q, short the bottom 1/q, equal weight in each leg, as the backtest's
 *       long-short strategy); reward = its next-day return minus {@code buyCost} per unit of weight
 *       bought and {@code sellCost} per unit sold.
 *   <li>{@link Mode#SINGLE_ASSET}: one stock, position {@code clip(combined, -1, 1)}; reward =
 *       position x next-day return minus {@code buyCost} (= {@code sellCost}) x |change of position|.
 * </ul>
 *
 * @param mode      which of the two
 * @param symbol    the stock of single-asset mode; null in cross-sectional mode
 * @param quantiles cross-sectional buckets (2 or more)
 * @param buyCost   cost rate per unit of weight bought
 * @param sellCost  cost rate per unit of weight sold
 */
public record WeightingSpec(Mode mode, String symbol, int quantiles, double buyCost, double sellCost) {

    /** The two settings. */
    public enum Mode {
        CROSS_SECTIONAL, SINGLE_ASSET;

        /** {@code cross-sectional} or {@code single-asset}, as on the command line and in model files. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        /** The mode of a label. */
        public static Mode of(String label) {
            for (Mode m : values()) {
                if (m.label().equals(label)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("unknown weighting mode '" + label + "' (cross-sectional or single-asset)");
        }
    }

    /** The single-asset cost of the PPO weighting paper: 0.1% of the change of position. */
    public static final double SINGLE_ASSET_COST = 0.001;

    public WeightingSpec {
        Objects.requireNonNull(mode, "mode");
        if ((mode == Mode.SINGLE_ASSET) != (symbol != null)) {
            throw new IllegalArgumentException("a symbol is needed in single-asset mode, and only there");
        }
        if (quantiles < 2) {
            throw new IllegalArgumentException("quantiles must be at least 2, got " + quantiles);
        }
        if (!(buyCost >= 0 && buyCost < 1) || !(sellCost >= 0 && sellCost < 1)) {
            throw new IllegalArgumentException("costs must be rates in [0, 1), got " + buyCost + " and " + sellCost);
        }
    }

    /** Quintiles, 5 bps to buy and 15 to sell: the backtest's defaults. */
    public static WeightingSpec crossSectional() {
        return new WeightingSpec(Mode.CROSS_SECTIONAL, null, 5, 0.0005, 0.0015);
    }

    /** One stock, 0.1% of each change of position. */
    public static WeightingSpec singleAsset(String symbol) {
        return new WeightingSpec(Mode.SINGLE_ASSET, Objects.requireNonNull(symbol, "symbol"), 5, SINGLE_ASSET_COST,
                SINGLE_ASSET_COST);
    }
}
