package io.quarry.backtest;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The backtest of one signal: its daily series, summary metrics and signal analysis.
 *
 * @param name            the signal's name
 * @param description     the signal's description (an alpha's canonical formula)
 * @param daily           the portfolio day by day
 * @param metrics         the summary numbers
 * @param ic              the daily IC and RankIC, by signal day
 * @param monthlyIc       their means per calendar month of the signal day
 * @param quantileReturns per signal quantile (lowest first), the mean daily return of its symbols
 * @param icDecay         mean RankIC against the h-day forward return for h = 1, 2, ...; empty when
 *                        not computed (only charted signals get it)
 */
public record BacktestResult(String name, String description, Daily daily, Metrics metrics, Ic ic,
                             List<MonthlyIc> monthlyIc, List<Double> quantileReturns, List<Double> icDecay) {

    public BacktestResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(daily, "daily");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(ic, "ic");
        monthlyIc = List.copyOf(monthlyIc);
        quantileReturns = List.copyOf(quantileReturns);
        icDecay = List.copyOf(icDecay);
    }

    /** The same result with its IC decay. */
    public BacktestResult withIcDecay(List<Double> decay) {
        return new BacktestResult(name, description, daily, metrics, ic, monthlyIc, quantileReturns, decay);
    }

    /**
     * The portfolio day by day; lists have one entry per return day.
     *
     * @param start    the date the equity curve starts at 1 (the row before the first return day)
     * @param dates    return days: the day a position earns (see {@link PriceMode})
     * @param gross    return before costs
     * @param cost     cost of the trade that set the day's weights
     * @param net      gross - cost
     * @param turnover {@code sum |dw| / 2} of that trade
     * @param market   the equal-weight mean return of the symbols with a return that day
     */
    public record Daily(String start, List<String> dates, List<Double> gross, List<Double> cost, List<Double> net,
                        List<Double> turnover, List<Double> market) {

        public Daily {
            Objects.requireNonNull(start, "start");
            dates = List.copyOf(dates);
            gross = List.copyOf(gross);
            cost = List.copyOf(cost);
            net = List.copyOf(net);
            turnover = List.copyOf(turnover);
            market = List.copyOf(market);
            int n = dates.size();
            if (gross.size() != n || cost.size() != n || net.size() != n || turnover.size() != n
                    || market.size() != n) {
                throw new IllegalArgumentException("daily series of different lengths");
            }
        }

        /** Compounded net return to each day: {@code prod(1 + net) - 1}. */
        public List<Double> cumulative() {
            return compounded(net);
        }

        /** Compounded gross return to each day. */
        public List<Double> grossCumulative() {
            return compounded(gross);
        }

        /** Compounded equal-weight market return to each day. */
        public List<Double> marketCumulative() {
            return compounded(market);
        }

        /** Each day's {@code equity / running peak - 1} of the net curve (the start, equity 1, counts as a peak). */
        public List<Double> drawdown() {
            List<Double> out = new ArrayList<>(net.size());
            double equity = 1;
            double peak = 1;
            for (double r : net) {
                equity *= 1 + r;
                peak = Math.max(peak, equity);
                out.add(equity / peak - 1);
            }
            return List.copyOf(out);
        }

        private static List<Double> compounded(List<Double> returns) {
            List<Double> out = new ArrayList<>(returns.size());
            double equity = 1;
            for (double r : returns) {
                equity *= 1 + r;
                out.add(equity - 1);
            }
            return List.copyOf(out);
        }
    }

    /**
     * Daily IC and RankIC: the cross-sectional Pearson / Spearman correlation of a signal day's
     * values with the returns they trade into; NaN on a day with too few pairs or a constant side.
     */
    public record Ic(List<String> dates, List<Double> ic, List<Double> rankIc) {
        public Ic {
            dates = List.copyOf(dates);
            ic = List.copyOf(ic);
            rankIc = List.copyOf(rankIc);
        }
    }

    /**
     * @param month  {@code yyyy-MM} of the signal days
     * @param ic     mean of the month's daily ICs (NaN days skipped; NaN when none)
     * @param rankIc mean of the month's daily RankICs
     * @param days   signal days in the month
     */
    public record MonthlyIc(String month, double ic, double rankIc, int days) {
    }
}
