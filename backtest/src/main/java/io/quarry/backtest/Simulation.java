package io.quarry.backtest;

import java.util.Arrays;

/**
 * The portfolio of one signal over a market: target weights per day, their returns, costs and
 * turnover, and the mean return of each signal quantile.
 *
 * <p>Day d: target weights {@code w_d} from the signal of signal day d; gross return
 * {@code sum_s w_d,s r_d,s} over the symbols whose return is defined (the others contribute 0);
 * trade {@code dw = w_d - w_(d-1)} (w before the first day = 0; weights are targets, not drifted);
 * cost {@code buy * sum max(dw, 0) + sell * sum max(-dw, 0)}; turnover {@code sum |dw| / 2}; net =
 * gross - cost.
 */
final class Simulation {

    /**
     * @param gross           per day, before costs
     * @param cost            per day, the cost of the day's trade (a fraction of capital)
     * @param net             gross - cost
     * @param turnover        per day, {@code sum |dw| / 2}
     * @param quantileReturns per quantile (lowest signal first), the mean over days of the bucket's
     *                        equal-weight mean return; NaN for a bucket never filled
     */
    record Outcome(double[] gross, double[] cost, double[] net, double[] turnover, double[] quantileReturns) {
    }

    private Simulation() {
    }

    /** @param slice the signal on the market's signal days, time-major */
    static Outcome run(Market market, double[] slice, BacktestSpec spec) {
        int n = market.symbols;
        int days = market.days;
        double[] gross = new double[days];
        double[] cost = new double[days];
        double[] net = new double[days];
        double[] turnover = new double[days];
        int q = spec.analysisQuantiles();
        double[] bucketSum = new double[q];
        int[] bucketCount = new int[q];
        double[] meanSum = new double[q];
        int[] meanDays = new int[q];
        int[] bucket = new int[n];
        double[] previous = new double[n];
        double[] weights = new double[n];
        CrossSection section = new CrossSection(n);
        TopkDropoutBook book = spec.strategy() instanceof Strategy.TopkDropout topk
                ? new TopkDropoutBook(topk, n) : null;
        for (int d = 0; d < days; d++) {
            int base = d * n;
            section.sort(slice, base, n);
            for (int s = 0; s < n; s++) {
                bucket[s] = Double.isNaN(slice[base + s]) ? -1 : section.bucket(s, q);
            }
            if (book != null) {
                book.rebalance(section, slice, base, weights);
            } else {
                longShort(bucket, q, weights);
            }
            Arrays.fill(bucketSum, 0);
            Arrays.fill(bucketCount, 0);
            double g = 0;
            double bought = 0;
            double sold = 0;
            for (int s = 0; s < n; s++) {
                double r = market.returns[base + s];
                if (!Double.isNaN(r)) {
                    g += weights[s] * r;
                    if (bucket[s] >= 0) {
                        bucketSum[bucket[s]] += r;
                        bucketCount[bucket[s]]++;
                    }
                }
                double dw = weights[s] - previous[s];
                if (dw > 0) {
                    bought += dw;
                } else {
                    sold -= dw;
                }
            }
            for (int b = 0; b < q; b++) {
                if (bucketCount[b] > 0) {
                    meanSum[b] += bucketSum[b] / bucketCount[b];
                    meanDays[b]++;
                }
            }
            gross[d] = g;
            cost[d] = spec.buyCost() * bought + spec.sellCost() * sold;
            net[d] = g - cost[d];
            turnover[d] = (bought + sold) / 2;
            double[] swap = previous;
            previous = weights;
            weights = swap;
        }
        double[] quantileReturns = new double[q];
        for (int b = 0; b < q; b++) {
            quantileReturns[b] = meanDays[b] == 0 ? Double.NaN : meanSum[b] / meanDays[b];
        }
        return new Outcome(gross, cost, net, turnover, quantileReturns);
    }

    /**
     * Top bucket {@code +1/n_top} each, bottom bucket {@code -1/n_bottom} each; flat when either
     * is empty.
     */
    private static void longShort(int[] bucket, int q, double[] weights) {
        int top = 0;
        int bottom = 0;
        for (int b : bucket) {
            if (b == q - 1) {
                top++;
            } else if (b == 0) {
                bottom++;
            }
        }
        for (int s = 0; s < bucket.length; s++) {
            if (top == 0 || bottom == 0) {
                weights[s] = 0;
            } else if (bucket[s] == q - 1) {
                weights[s] = 1.0 / top;
            } else if (bucket[s] == 0) {
                weights[s] = -1.0 / bottom;
            } else {
                weights[s] = 0;
            }
        }
    }
}
