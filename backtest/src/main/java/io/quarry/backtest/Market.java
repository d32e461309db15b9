package io.quarry.backtest;

import io.quarry.dsl.panel.Panel;
import java.util.List;

/**
 * The backtested days of a panel and the returns a position can earn on them.
 *
 * <p>Signal day {@code d} (0-based) is panel row {@code from + d}; its portfolio earns on return day
 * {@code d}, panel row {@code from + d + lag}. The return of a symbol on that day runs from its entry
 * price (close of the row before the return day, or open of the return day) to the same price one
 * row later, and is NaN where the symbol lacks a bar or a valid price at either end. Every price read
 * lies inside {@code [from, to)}. Arrays are time-major: {@code v[d * symbols + s]}.
 */
final class Market {

    final Panel panel;
    final int from;
    final int to;
    final int lag;
    final PriceMode price;
    final int symbols;
    /** Number of signal days (= return days). */
    final int days;
    /** Per return day and symbol, the period return; NaN where undefined. */
    final double[] returns;
    /** Per return day, the equal-weight mean of the defined returns (0 when none is). */
    final double[] market;

    private Market(Panel panel, int from, int to, int lag, PriceMode price) {
        this.panel = panel;
        this.from = from;
        this.to = to;
        this.lag = lag;
        this.price = price;
        this.symbols = panel.symbolCount();
        this.days = to - from - lag - (price == PriceMode.OPEN ? 1 : 0);
        this.returns = forward(1);
        this.market = new double[days];
        for (int d = 0; d < days; d++) {
            double sum = 0;
            int n = 0;
            for (int s = 0; s < symbols; s++) {
                double r = returns[d * symbols + s];
                if (!Double.isNaN(r)) {
                    sum += r;
                    n++;
                }
            }
            market[d] = n == 0 ? 0 : sum / n;
        }
    }

    /**
     * The backtest of the rows {@code [from, to)}.
     *
     * @throws IllegalArgumentException when the rows are outside the panel or too few for two return days
     */
    static Market of(Panel panel, int from, int to, BacktestSpec spec) {
        if (from < 0 || to > panel.rows() || from >= to) {
            throw new IllegalArgumentException("rows [" + from + ", " + to + ") are not a range of the panel's "
                    + panel.rows() + " rows");
        }
        int extra = spec.price() == PriceMode.OPEN ? 1 : 0;
        int needed = spec.lag() + extra + 2;
        if (to - from < needed) {
            List<String> dates = panel.timestamps();
            throw new IllegalArgumentException("the range " + dates.get(from) + " .. " + dates.get(to - 1) + " has "
                    + (to - from) + " rows; a backtest with lag " + spec.lag() + " at the " + spec.price().label()
                    + " price needs at least " + needed + " (two return days)");
        }
        return new Market(panel, from, to, spec.lag(), spec.price());
    }

    /** Panel row of signal day d. */
    int signalRow(int d) {
        return from + d;
    }

    /** Panel row of return day d. */
    int returnRow(int d) {
        return from + d + lag;
    }

    String signalDate(int d) {
        return panel.timestamps().get(signalRow(d));
    }

    String returnDate(int d) {
        return panel.timestamps().get(returnRow(d));
    }

    /** The date the equity curve starts at 1: the row before the first return day. */
    String startDate() {
        return panel.timestamps().get(returnRow(0) - 1);
    }

    /**
     * The signal on the signal days, time-major.
     *
     * @param values symbol-major over the whole panel
     */
    double[] slice(double[] values) {
        int rows = panel.rows();
        if (values.length != rows * symbols) {
            throw new IllegalArgumentException("the signal has " + values.length + " values, expected rows x symbols = "
                    + rows * symbols);
        }
        double[] out = new double[days * symbols];
        for (int s = 0; s < symbols; s++) {
            int base = s * rows + from;
            for (int d = 0; d < days; d++) {
                out[d * symbols + s] = values[base + d];
            }
        }
        return out;
    }

    /**
     * Per signal day, the h-period return from the entry price of its trade: {@code p[e + h] / p[e] - 1}
     * with {@code e} the entry row; NaN where undefined or where {@code e + h} is past the range.
     */
    double[] forward(int h) {
        int rows = panel.rows();
        double[] p = panel.values(price.field());
        boolean[] bar = panel.barMask();
        double[] out = new double[days * symbols];
        for (int d = 0; d < days; d++) {
            int entry = returnRow(d) + price.entryOffset();
            int exit = entry + h;
            for (int s = 0; s < symbols; s++) {
                double r = Double.NaN;
                if (exit < to) {
                    int i0 = s * rows + entry;
                    int i1 = s * rows + exit;
                    if (bar[i0] && bar[i1] && p[i0] > 0) {
                        r = p[i1] / p[i0] - 1;
                        if (!Double.isFinite(r)) {
                            r = Double.NaN;
                        }
                    }
                }
                out[d * symbols + s] = r;
            }
        }
        return out;
    }
}
