package io.quarry.backtest;

import java.util.List;

/**
 * The summary numbers of one backtest (formulas in docs/BACKTEST.md). Returns are fractions (0.01 =
 * 1%); a ratio that is undefined (zero volatility, no drawdown, no IC day) is NaN.
 *
 * @param days              return days
 * @param totalReturn       compounded net return over all days: {@code prod(1 + net) - 1}
 * @param annualReturn      mean daily net return x 252
 * @param annualVolatility  standard deviation of daily net returns (ddof 1) x sqrt(252)
 * @param sharpe            annualReturn / annualVolatility (risk-free rate 0)
 * @param informationRatio  the same ratio for the daily excess return over the equal-weight market
 * @param maxDrawdown       the lowest {@code equity / running peak - 1} of the compounded curve (<= 0)
 * @param drawdownPeak      date of the peak before the deepest drawdown; null without a drawdown
 * @param drawdownTrough    date of the deepest point; null without a drawdown
 * @param calmar            annualReturn / |maxDrawdown|
 * @param turnover          mean daily turnover, {@code sum |dw| / 2}
 * @param hitRate           fraction of days with a net return above 0
 * @param grossAnnualReturn mean daily gross return x 252
 * @param annualCost        mean daily cost x 252
 * @param ic                mean daily IC (Pearson, signal vs the return it trades into)
 * @param icir              ic / standard deviation of the daily ICs (ddof 1)
 * @param rankIc            mean daily RankIC (Spearman)
 * @param rankIcir          rankIc / standard deviation of the daily RankICs
 * @param icDays            days with an IC (enough pairs, neither side constant)
 */
public record Metrics(int days, double totalReturn, double annualReturn, double annualVolatility, double sharpe,
                      double informationRatio, double maxDrawdown, String drawdownPeak, String drawdownTrough,
                      double calmar, double turnover, double hitRate, double grossAnnualReturn, double annualCost,
                      double ic, double icir, double rankIc, double rankIcir, int icDays) {

    /** Trading days a year. */
    public static final int YEAR = 252;

    /**
     * @param curveDates the equity curve's dates: the start (equity 1) then each return day
     */
    static Metrics of(double[] gross, double[] cost, double[] net, double[] turnover, double[] market,
                      List<String> curveDates, double[] ic, double[] rankIc) {
        int days = net.length;
        double[] excess = new double[days];
        int wins = 0;
        double equity = 1;
        double peak = 1;
        int peakAt = 0;
        double maxDrawdown = 0;
        int ddPeak = -1;
        int ddTrough = -1;
        for (int d = 0; d < days; d++) {
            excess[d] = net[d] - market[d];
            wins += net[d] > 0 ? 1 : 0;
            equity *= 1 + net[d];
            if (equity > peak) {
                peak = equity;
                peakAt = d + 1;
            }
            double drawdown = equity / peak - 1;
            if (drawdown < maxDrawdown) {
                maxDrawdown = drawdown;
                ddPeak = peakAt;
                ddTrough = d + 1;
            }
        }
        double annualReturn = mean(net) * YEAR;
        double annualVolatility = std(net) * Math.sqrt(YEAR);
        double excessVolatility = std(excess) * Math.sqrt(YEAR);
        double icStd = std(ic);
        double rankIcStd = std(rankIc);
        return new Metrics(days, equity - 1, annualReturn, annualVolatility, ratio(annualReturn, annualVolatility),
                ratio(mean(excess) * YEAR, excessVolatility), maxDrawdown,
                ddPeak < 0 ? null : curveDates.get(ddPeak), ddTrough < 0 ? null : curveDates.get(ddTrough),
                maxDrawdown < 0 ? annualReturn / -maxDrawdown : Double.NaN, mean(turnover),
                (double) wins / days, mean(gross) * YEAR, mean(cost) * YEAR,
                mean(ic), ratio(mean(ic), icStd), mean(rankIc), ratio(mean(rankIc), rankIcStd), finiteCount(ic));
    }

    /** Mean of the finite values; NaN when there are none. */
    static double mean(double[] v) {
        double sum = 0;
        int n = 0;
        for (double x : v) {
            if (Double.isFinite(x)) {
                sum += x;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** Sample standard deviation (ddof 1, two-pass) of the finite values; NaN with fewer than two. */
    static double std(double[] v) {
        double mean = mean(v);
        int n = finiteCount(v);
        if (n < 2) {
            return Double.NaN;
        }
        double ss = 0;
        double first = Double.NaN;
        boolean constant = true;
        for (double x : v) {
            if (Double.isFinite(x)) {
                ss += (x - mean) * (x - mean);
                first = Double.isNaN(first) ? x : first;
                constant &= x == first;
            }
        }
        // An exactly constant series has deviation 0, never the rounding noise of its mean.
        return constant ? 0 : Math.sqrt(ss / (n - 1));
    }

    private static int finiteCount(double[] v) {
        int n = 0;
        for (double x : v) {
            n += Double.isFinite(x) ? 1 : 0;
        }
        return n;
    }

    private static double ratio(double numerator, double denominator) {
        return denominator > 0 ? numerator / denominator : Double.NaN;
    }
}
