package io.quarry.backtest;

import io.quarry.evaluator.ScoringKernels;
import java.util.ArrayList;
import java.util.List;

/** Daily, monthly and per-horizon correlations of signals with the returns they trade into. */
final class IcAnalysis {

    private IcAnalysis() {
    }

    /**
     * Daily correlations of each slice with the market's period returns.
     *
     * @return {@code [signal][day]}
     */
    static double[][] daily(ScoringKernels kernels, Market market, double[][] slices, boolean ranked, int minPairs) {
        return kernels.dailyCorrelations(slices, market.returns, market.days, market.symbols, ranked, minPairs);
    }

    /** Means of the daily ICs and RankICs per calendar month ({@code yyyy-MM}) of the signal day. */
    static List<BacktestResult.MonthlyIc> monthly(Market market, double[] ic, double[] rankIc) {
        List<BacktestResult.MonthlyIc> out = new ArrayList<>();
        int start = 0;
        while (start < market.days) {
            String month = month(market.signalDate(start));
            int end = start;
            while (end < market.days && month(market.signalDate(end)).equals(month)) {
                end++;
            }
            out.add(new BacktestResult.MonthlyIc(month, meanOf(ic, start, end), meanOf(rankIc, start, end),
                    end - start));
            start = end;
        }
        return out;
    }

    /**
     * Mean RankIC of each slice against the h-period forward return from its entry price, for
     * h = 1..horizons; days whose forward return would end past the range have none.
     *
     * @return {@code [signal][h - 1]}
     */
    static double[][] decay(ScoringKernels kernels, Market market, double[][] slices, int horizons, int minPairs) {
        double[][] out = new double[slices.length][horizons];
        for (int h = 1; h <= horizons && slices.length > 0; h++) {
            double[][] daily = kernels.dailyCorrelations(slices, market.forward(h), market.days, market.symbols,
                    true, minPairs);
            for (int a = 0; a < slices.length; a++) {
                out[a][h - 1] = Metrics.mean(daily[a]);
            }
        }
        return out;
    }

    private static String month(String date) {
        return date.substring(0, 7);
    }

    private static double meanOf(double[] v, int from, int to) {
        double sum = 0;
        int n = 0;
        for (int i = from; i < to; i++) {
            if (Double.isFinite(v[i])) {
                sum += v[i];
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}
