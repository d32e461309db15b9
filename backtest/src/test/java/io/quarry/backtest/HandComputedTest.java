package io.quarry.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.quarry.dsl.panel.Groups;
import io.quarry.dsl.panel.Panel;
import io.quarry.dsl.testing.Panels;
import io.quarry.evaluator.PlainKernels;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A 3-symbol, 6-day market where every number is computed by hand (in the comments), costs and
 * turnover included. Dates are 2020-01-01 (row 0) .. 2020-01-06 (row 5).
 *
 * <pre>
 * close   row0   row1   row2   row3   row4    row5
 * A       10     11     11     12.1   12.1    13.31
 * B       20     19     19.95  19.95  17.955  17.955
 * C       50     50     45     45     48.6    (no bar)
 *
 * return of row d = close[d] / close[d-1] - 1
 *         row1   row2   row3   row4   row5
 * A       0.1    0      0.1    0      0.1
 * B      -0.05   0.05   0     -0.1    0
 * C       0     -0.1    0      0.08   (none)
 * market  0.05/3 -0.05/3 0.1/3 -0.02/3 0.05   (mean of the defined returns)
 *
 * signal  row0   row1   row2   row3   row4
 * A       3      1      3      1      NaN
 * B       2      3      1      3      1
 * C       1      2      2      2      2
 * </pre>
 */
class HandComputedTest {

    private static final double TOL = 1e-12;

    static final double NAN = Double.NaN;

    static Panel market() {
        double[][] close = {
                {10, 20, 50}, {11, 19, 50}, {11, 19.95, 45}, {12.1, 19.95, 45}, {12.1, 17.955, 48.6},
                {13.31, 17.955, NAN}};
        double[][] open = {
                {10, 20, 50}, {10, 20, 50}, {11, 19, 50}, {11, 19, 45}, {12.1, 19.95, 45}, {12.1, 19.95, NAN}};
        return Panels.of(Map.of("close", close, "open", open), Groups.none());
    }

    /** Symbol-major signal over the 6 rows (row 5: A 1, B 2, C missing; never traded). */
    static Signal signal() {
        double[][] byRow = {{3, 2, 1}, {1, 3, 2}, {3, 1, 2}, {1, 3, 2}, {NAN, 1, 2}, {1, 2, NAN}};
        double[] values = new double[18];
        for (int t = 0; t < 6; t++) {
            for (int s = 0; s < 3; s++) {
                values[s * 6 + t] = byRow[t][s];
            }
        }
        return new Signal("hand", "the hand-made signal", values);
    }

    /** Long-short thirds (one symbol a leg), default costs 5 / 15 bps, ICs from 3 pairs. */
    static final BacktestSpec LONG_SHORT = BacktestSpec.defaults()
            .withStrategy(new Strategy.LongShortQuantiles(3)).withMinPairs(3);

    private static final Backtester BACKTESTER = new Backtester(new PlainKernels(), 1);

    // Long-short weights (A, B, C): top third +1, bottom third -1.
    //   row0 (3,2,1): ( 1, 0,-1)   row1 (1,3,2): (-1, 1, 0)   row2 (3,1,2): ( 1,-1, 0)
    //   row3 (1,3,2): (-1, 1, 0)   row4 (NaN,1,2): two values, B bucket floor(0*3/2)=0, C floor(1*3/2)=1,
    //   so the top third is empty: flat (0, 0, 0).
    // Gross = weights of row d-1 x returns of row d:
    //   row1:  0.1 - 0 = 0.1     row2: -0 + 0.05 = 0.05   row3: 0.1 - 0 = 0.1
    //   row4: -0 - 0.1 = -0.1    row5: flat = 0
    // Trades dw and costs (buy 5 bps of weight bought, sell 15 bps of weight sold), turnover sum|dw|/2:
    //   row1: (1,0,-1) from flat: bought 1, sold 1: 0.0005 + 0.0015 = 0.002, turnover 1
    //   row2: (-2,1,1): bought 2, sold 2: 0.004, turnover 2
    //   row3: (2,-2,0): 0.004, 2      row4: (-2,2,0): 0.004, 2      row5: (1,-1,0) to flat: 0.002, 1
    // Net: 0.098, 0.046, 0.096, -0.104, -0.002.
    static final double[] GROSS = {0.1, 0.05, 0.1, -0.1, 0};
    static final double[] COST = {0.002, 0.004, 0.004, 0.004, 0.002};
    static final double[] NET = {0.098, 0.046, 0.096, -0.104, -0.002};
    static final double[] TURNOVER = {1, 2, 2, 2, 1};
    static final double[] MARKET = {0.05 / 3, -0.05 / 3, 0.1 / 3, -0.02 / 3, 0.05};

    @Test
    void longShortDailyReturnsCostsAndTurnover() {
        BacktestResult r = BACKTESTER.run(market(), signal(), 0, 6, LONG_SHORT);
        BacktestResult.Daily daily = r.daily();
        assertThat(daily.start()).isEqualTo("2020-01-01");
        assertThat(daily.dates()).containsExactly("2020-01-02", "2020-01-03", "2020-01-04", "2020-01-05",
                "2020-01-06");
        assertSeries(daily.gross(), GROSS);
        assertSeries(daily.cost(), COST);
        assertSeries(daily.net(), NET);
        assertSeries(daily.turnover(), TURNOVER);
        assertSeries(daily.market(), MARKET);
        // Equity 1.098, x1.046 = 1.148508, x1.096 = 1.258764768, x0.896 = 1.127853232128, x0.998 = 1.125597525663744.
        assertSeries(daily.cumulative(), new double[] {0.098, 0.148508, 0.258764768, 0.127853232128,
                0.125597525663744});
        // Running peak 1.258764768 from row3 on: drawdowns 0, 0, 0, 0.896 - 1, 0.896 * 0.998 - 1.
        assertSeries(daily.drawdown(), new double[] {0, 0, 0, -0.104, -0.105792});
    }

    @Test
    void longShortMetrics() {
        Metrics m = BACKTESTER.run(market(), signal(), 0, 6, LONG_SHORT).metrics();
        // mean net = (0.098 + 0.046 + 0.096 - 0.104 - 0.002) / 5 = 0.0268
        // deviations 0.0712, 0.0192, 0.0692, -0.1308, -0.0288; squares sum to
        // 0.00506944 + 0.00036864 + 0.00478864 + 0.01710864 + 0.00082944 = 0.0281648; / 4 = 0.0070412
        double mean = 0.0268;
        double std = Math.sqrt(0.0070412);
        assertThat(m.days()).isEqualTo(5);
        assertThat(m.annualReturn()).isCloseTo(mean * 252, within(TOL));
        assertThat(m.annualVolatility()).isCloseTo(std * Math.sqrt(252), within(TOL));
        assertThat(m.sharpe()).isCloseTo(mean * 252 / (std * Math.sqrt(252)), within(1e-9));
        assertThat(m.totalReturn()).isCloseTo(0.125597525663744, within(TOL));
        // Peak: equity 1.258764768 after row3 (2020-01-04); trough after row5: 0.896 * 0.998 - 1 = -0.105792.
        assertThat(m.maxDrawdown()).isCloseTo(-0.105792, within(TOL));
        assertThat(m.drawdownPeak()).isEqualTo("2020-01-04");
        assertThat(m.drawdownTrough()).isEqualTo("2020-01-06");
        assertThat(m.calmar()).isCloseTo(mean * 252 / 0.105792, within(1e-9));
        // Turnover (1 + 2 + 2 + 2 + 1) / 5; 3 of 5 days above 0.
        assertThat(m.turnover()).isCloseTo(1.6, within(TOL));
        assertThat(m.hitRate()).isEqualTo(0.6);
        // Gross (0.1 + 0.05 + 0.1 - 0.1 + 0) / 5 = 0.03; cost (0.002 + 3 * 0.004 + 0.002) / 5 = 0.0032.
        assertThat(m.grossAnnualReturn()).isCloseTo(0.03 * 252, within(TOL));
        assertThat(m.annualCost()).isCloseTo(0.0032 * 252, within(TOL));
        // Excess over the market: 0.098 - 0.05/3, 0.046 + 0.05/3, 0.096 - 0.1/3, -0.104 + 0.02/3, -0.002 - 0.05.
        double[] excess = {0.098 - 0.05 / 3, 0.046 + 0.05 / 3, 0.096 - 0.1 / 3, -0.104 + 0.02 / 3, -0.052};
        double excessMean = (excess[0] + excess[1] + excess[2] + excess[3] + excess[4]) / 5;
        double ss = 0;
        for (double e : excess) {
            ss += (e - excessMean) * (e - excessMean);
        }
        assertThat(m.informationRatio()).isCloseTo(excessMean * 252 / (Math.sqrt(ss / 4) * Math.sqrt(252)),
                within(1e-9));
    }

    // IC of signal row t against the returns of row t+1 (3 pairs needed; row4 has one: B).
    //   row0: x (3,2,1), y (0.1,-0.05,0): y mean 0.05/3, sxy = 0.1, sxx = 2, syy = 7/600:
    //         IC = 0.1 / sqrt(2 * 7/600) = sqrt(3/7); ranks y (3,1,2) vs (3,2,1): RankIC = 1/2
    //   row1: x (1,3,2), y (0,0.05,-0.1): sxy = 0.05, syy = 7/600: IC = sqrt(3/7)/2; ranks (2,3,1): 1/2
    //   row2: x (3,1,2), y (0.1,0,0): sxy = 0.1, syy = 0.02/3: IC = sqrt(3)/2; ranks (3,1.5,1.5): sqrt(3)/2
    //   row3: x (1,3,2), y (0,-0.1,0.08): y mean -0.02/3, sxy = -0.1, syy = 0.0164 - 0.0004/3:
    //         IC = -0.1 / sqrt(2 * syy); ranks (2,1,3): RankIC = -1/2
    //   row4: NaN
    static final double[] IC = {Math.sqrt(3.0 / 7), Math.sqrt(3.0 / 7) / 2, Math.sqrt(3) / 2,
            -0.1 / Math.sqrt(2 * (0.0164 - 0.0004 / 3)), NAN};
    static final double[] RANK_IC = {0.5, 0.5, Math.sqrt(3) / 2, -0.5, NAN};

    @Test
    void icSeriesMonthlyMeansAndQuantiles() {
        BacktestResult r = BACKTESTER.run(market(), signal(), 0, 6, LONG_SHORT);
        assertThat(r.ic().dates()).containsExactly("2020-01-01", "2020-01-02", "2020-01-03", "2020-01-04",
                "2020-01-05");
        assertSeries(r.ic().ic(), IC);
        assertSeries(r.ic().rankIc(), RANK_IC);
        double icMean = (IC[0] + IC[1] + IC[2] + IC[3]) / 4;
        double rankIcMean = (0.5 + 0.5 + Math.sqrt(3) / 2 - 0.5) / 4;
        assertThat(r.metrics().ic()).isCloseTo(icMean, within(TOL));
        assertThat(r.metrics().rankIc()).isCloseTo(rankIcMean, within(TOL));
        assertThat(r.metrics().icDays()).isEqualTo(4);
        assertThat(r.monthlyIc()).hasSize(1);
        BacktestResult.MonthlyIc january = r.monthlyIc().get(0);
        assertThat(january.month()).isEqualTo("2020-01");
        assertThat(january.days()).isEqualTo(5);
        assertThat(january.ic()).isCloseTo(icMean, within(TOL));
        assertThat(january.rankIc()).isCloseTo(rankIcMean, within(TOL));
        // Buckets of thirds (low, mid, high) and the next-day returns of their members:
        //   row0: C 0 | B -0.05 | A 0.1      row1: A 0 | C -0.1 | B 0.05     row2: B 0 | C 0 | A 0.1
        //   row3: A 0 | C 0.08 | B -0.1      row4: B 0 | C (no return) | (empty)
        // Low: 0 over 5 days; mid: (-0.05 - 0.1 + 0 + 0.08) / 4; high: (0.1 + 0.05 + 0.1 - 0.1) / 4.
        assertSeries(r.quantileReturns(), new double[] {0, -0.0175, 0.0375});
    }

    @Test
    void icDecayOverHorizons() {
        List<Double> decay = BACKTESTER.run(market(), signal(), 0, 6, LONG_SHORT).icDecay();
        assertThat(decay).hasSize(Backtester.DECAY_HORIZONS);
        // h = 1 is the RankIC above. h = 2, close[t+2] / close[t] - 1 for t = 0..3:
        //   t0: (0.1, -0.0025, -0.1) ranks (3,2,1) vs x (3,2,1): 1
        //   t1: (0.1, 0.05, -0.1) ranks (3,2,1) vs x (1,3,2): -1/2
        //   t2: (0.1, -0.1, 0.08) ranks (3,1,2) vs x (3,1,2): 1
        //   t3: C has no close at row5: 2 pairs, none.         Mean (1 - 0.5 + 1) / 3 = 0.5
        // h = 3: t0 (0.21, -0.0025, -0.1) vs (3,2,1): 1; t1 (0.1, -0.055, -0.028) ranks (3,1,2) vs (1,3,2): -1;
        //   t2 reaches row5: none. Mean 0.
        // h = 4: t0 (0.21, -0.10225, -0.028) ranks (3,1,2) vs (3,2,1): 1/2; t1 reaches row5. Mean 0.5.
        // h >= 5: every day reaches past C's last close or past the range: none.
        assertThat(decay.get(0)).isCloseTo((0.5 + 0.5 + Math.sqrt(3) / 2 - 0.5) / 4, within(TOL));
        assertThat(decay.get(1)).isCloseTo(0.5, within(TOL));
        assertThat(decay.get(2)).isCloseTo(0, within(TOL));
        assertThat(decay.get(3)).isCloseTo(0.5, within(TOL));
        assertThat(decay.subList(4, 20)).allMatch(v -> v.isNaN());
    }

    @Test
    void openPriceTradesAtTheNextOpen() {
        // open    row0  row1  row2  row3  row4   row5
        //  A      10    10    11    11    12.1   12.1
        //  B      20    20    19    19    19.95  19.95
        //  C      50    50    50    45    45     (no bar)
        // The signal of row d-1 trades at the open of row d and earns open[d+1] / open[d] - 1, booked on row d:
        //  row1: A 0.1, B -0.05, C 0     row2: A 0, B 0, C -0.1
        //  row3: A 0.1, B 0.05, C 0      row4: A 0, B 0, C none     (row5 has no next open: 4 days)
        // Same weights as at the close: gross 0.1 - 0 = 0.1; -0 + 0 = 0; 0.1 - 0.05 = 0.05; -0 + 0 = 0.
        BacktestResult r = BACKTESTER.run(market(), signal(), 0, 6, LONG_SHORT.withPrice(PriceMode.OPEN));
        assertThat(r.daily().dates()).containsExactly("2020-01-02", "2020-01-03", "2020-01-04", "2020-01-05");
        assertSeries(r.daily().gross(), new double[] {0.1, 0, 0.05, 0});
        assertSeries(r.daily().cost(), new double[] {0.002, 0.004, 0.004, 0.004});
        assertSeries(r.daily().net(), new double[] {0.098, -0.004, 0.046, -0.004});
        assertSeries(r.daily().market(), new double[] {0.05 / 3, -0.1 / 3, 0.05, 0});
    }

    @Test
    void topkDropoutFollowsQlib() {
        // topk 2, n_drop 1 (weights 1/2), same market and signal:
        //  row0 (3,2,1): nothing held; today = best 3 = A,B,C; comb A,B,C; worst 1 = C, not held: sell none;
        //       buy 0 + 2 - 0 = 2 of today: A, B.                                     holdings {A, B}
        //  row1 (1,3,2): today = best 1 not held = C; comb B,C,A; worst = A: sell A; buy 1: C.  {B, C}
        //  row2 (3,1,2): today = A; comb A,C,B; sell B; buy A.                                  {A, C}
        //  row3 (1,3,2): today = B; comb B,C,A; sell A; buy B.                                  {B, C}
        //  row4 (NaN,1,2): no unheld symbol has a score; comb C,B; sell B; buy none.           {C}
        // Gross: row1 .5*0.1 + .5*(-0.05) = 0.025; row2 .5*0.05 + .5*(-0.1) = -0.025; row3 .5*0.1 = 0.05;
        //        row4 .5*(-0.1) + .5*0.08 = -0.01; row5 C has no return: 0.
        // Trades: row1 +A +B (bought 1): 0.0005, turnover 0.5; row2 -A +C: .5*.0005 + .5*.0015 = 0.001, 0.5;
        //         row3 and row4 the same; row5 -B (sold .5): 0.00075, 0.25.
        BacktestSpec spec = LONG_SHORT.withStrategy(new Strategy.TopkDropout(2, 1));
        BacktestResult r = BACKTESTER.run(market(), signal(), 0, 6, spec);
        assertSeries(r.daily().gross(), new double[] {0.025, -0.025, 0.05, -0.01, 0});
        assertSeries(r.daily().cost(), new double[] {0.0005, 0.001, 0.001, 0.001, 0.00075});
        assertSeries(r.daily().turnover(), new double[] {0.5, 0.5, 0.5, 0.5, 0.25});
        assertSeries(r.daily().net(), new double[] {0.0245, -0.026, 0.049, -0.011, -0.00075});
        assertThat(r.metrics().turnover()).isCloseTo(2.25 / 5, within(TOL));
        assertThat(r.metrics().hitRate()).isEqualTo(0.4);
        // Quantile returns use 5 buckets without a long-short strategy: with 3 values, r = 1, 2, 3 fall in
        // floor(0 * 5/3) = 0, floor(1 * 5/3) = 1, floor(2 * 5/3) = 3; row4's two values in 0 and 2.
        //  bucket 0: C 0, A 0, B 0, A 0, B 0 -> 0;  bucket 1: B -0.05, C -0.1, C 0, C 0.08 -> -0.0175
        //  bucket 2: row4's C (no return) -> never filled;  bucket 3: A 0.1, B 0.05, A 0.1, B -0.1 -> 0.0375
        assertSeries(r.quantileReturns(), new double[] {0, -0.0175, NAN, 0.0375, NAN});
    }

    static void assertSeries(List<Double> actual, double[] expected) {
        assertThat(actual).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            if (Double.isNaN(expected[i])) {
                assertThat(actual.get(i)).as("entry %d", i).isNaN();
            } else {
                assertThat(actual.get(i)).as("entry %d", i).isCloseTo(expected[i], within(TOL));
            }
        }
    }
}
