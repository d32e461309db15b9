package io.quarry.backtest;

import java.io.Serializable;

/**
 * How a day's signal becomes target portfolio weights. See docs/BACKTEST.md for the exact rules.
 */
public sealed interface Strategy extends Serializable permits Strategy.LongShortQuantiles, Strategy.TopkDropout {

    /** A short text for reports, e.g. {@code long-short quantiles (5)}. */
    String describe();

    /** Long the top 1/5 and short the bottom 1/5, equal weight in each leg. */
    static Strategy longShort() {
        return new LongShortQuantiles(5);
    }

    /** Qlib's reference TopkDropout: topk 50, n_drop 5. */
    static Strategy topkDropout() {
        return new TopkDropout(50, 5);
    }

    /**
     * Dollar-neutral long-short: the symbols with a signal are split into {@code quantiles} buckets by
     * rank; the top bucket gets {@code +1/n_top} each and the bottom bucket {@code -1/n_bottom} each
     * (gross exposure 2, net 0).
     *
     * @param quantiles number of buckets, at least 2
     */
    record LongShortQuantiles(int quantiles) implements Strategy {
        public LongShortQuantiles {
            if (quantiles < 2) {
                throw new IllegalArgumentException("quantiles must be at least 2, got " + quantiles);
            }
        }

        @Override
        public String describe() {
            return "long-short quantiles (top vs bottom of " + quantiles + ")";
        }
    }

    /**
     * Long-only, Qlib's TopkDropout: hold {@code topk} symbols at {@code 1/topk} each; each day sell
     * the held symbols that rank among the {@code nDrop} worst of (holdings + best candidates), and
     * buy the best-ranked symbols not held to get back to {@code topk}.
     *
     * @param topk  symbols held, at least 1
     * @param nDrop most symbols replaced a day, 0..topk
     */
    record TopkDropout(int topk, int nDrop) implements Strategy {
        public TopkDropout {
            if (topk < 1) {
                throw new IllegalArgumentException("topk must be at least 1, got " + topk);
            }
            if (nDrop < 0 || nDrop > topk) {
                throw new IllegalArgumentException("n_drop must be between 0 and topk (" + topk + "), got " + nDrop);
            }
        }

        @Override
        public String describe() {
            return "long-only TopkDropout (topk " + topk + ", n_drop " + nDrop + ")";
        }
    }
}
