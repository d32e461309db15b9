package io.quarry.backtest;

import java.io.Serializable;
import java.util.Objects;

/**
 * How to backtest a signal.
 *
 * @param strategy how a day's signal becomes target weights
 * @param buyCost  cost rate of buying (weight increases), e.g. 0.0005 = 5 bps of the traded weight
 * @param sellCost cost rate of selling (weight decreases, short sales included)
 * @param price    the price traded at: close of the signal day, or open of the next day
 * @param lag      rows between the signal and the first day its portfolio earns, at least 1 (no look-ahead)
 * @param minPairs days with fewer (signal, return) pairs give no IC or RankIC (DESIGN.md: 10)
 */
public record BacktestSpec(Strategy strategy, double buyCost, double sellCost, PriceMode price, int lag,
                           int minPairs) implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Qlib's reference open cost: 5 bps. */
    public static final double DEFAULT_BUY_COST = 0.0005;
    /** Qlib's reference close cost: 15 bps. */
    public static final double DEFAULT_SELL_COST = 0.0015;
    /** Fewest pairs for a day's IC, as in scoring. */
    public static final int DEFAULT_MIN_PAIRS = 10;
    /** Buckets of the quantile-return analysis when the strategy has none of its own. */
    public static final int DEFAULT_ANALYSIS_QUANTILES = 5;

    public BacktestSpec {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(price, "price");
        checkRate("buy cost", buyCost);
        checkRate("sell cost", sellCost);
        if (lag < 1) {
            throw new IllegalArgumentException("lag must be at least 1 (a signal never trades on its own day's "
                    + "return), got " + lag);
        }
        if (minPairs < 2) {
            throw new IllegalArgumentException("minPairs must be at least 2, got " + minPairs);
        }
    }

    /** Long-short quintiles, 5/15 bps, close prices, lag 1, ICs from 10 pairs. */
    public static BacktestSpec defaults() {
        return new BacktestSpec(Strategy.longShort(), DEFAULT_BUY_COST, DEFAULT_SELL_COST, PriceMode.CLOSE, 1,
                DEFAULT_MIN_PAIRS);
    }

    public BacktestSpec withStrategy(Strategy newStrategy) {
        return new BacktestSpec(newStrategy, buyCost, sellCost, price, lag, minPairs);
    }

    public BacktestSpec withCosts(double buy, double sell) {
        return new BacktestSpec(strategy, buy, sell, price, lag, minPairs);
    }

    public BacktestSpec withPrice(PriceMode newPrice) {
        return new BacktestSpec(strategy, buyCost, sellCost, newPrice, lag, minPairs);
    }

    public BacktestSpec withLag(int newLag) {
        return new BacktestSpec(strategy, buyCost, sellCost, price, newLag, minPairs);
    }

    public BacktestSpec withMinPairs(int newMinPairs) {
        return new BacktestSpec(strategy, buyCost, sellCost, price, lag, newMinPairs);
    }

    /** Buckets of the quantile-return analysis: the long-short strategy's, else {@value #DEFAULT_ANALYSIS_QUANTILES}. */
    public int analysisQuantiles() {
        return strategy instanceof Strategy.LongShortQuantiles q ? q.quantiles() : DEFAULT_ANALYSIS_QUANTILES;
    }

    private static void checkRate(String what, double rate) {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException(what + " must be a rate in [0, 1), got " + rate);
        }
    }
}
