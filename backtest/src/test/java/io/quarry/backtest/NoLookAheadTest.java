package io.quarry.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.quarry.dsl.check.CheckedFile;
import io.quarry.dsl.check.Checker;
import io.quarry.dsl.panel.Panel;
import io.quarry.dsl.parse.Source;
import io.quarry.dsl.synth.MarketGenerator;
import io.quarry.dsl.testing.Panels;
import io.quarry.evaluator.PlainKernels;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * No look-ahead: a formula cannot read tomorrow, and a signal only ever trades from the day after
 * it is known.
 */
class NoLookAheadTest {

    private static final Backtester BACKTESTER = new Backtester(new PlainKernels(), 1);

    @Test
    void anAlphaEqualToTomorrowsReturnCannotBeWritten() {
        CheckedFile file = Checker.standard().check(new Source("cheat.alpha", """
                alpha cheat = delay(close, -1) / close - 1
                label fwd1 = delay(close, -1) / close - 1
                """));
        assertThat(file.errors()).hasSize(1);
        assertThat(file.errors().get(0).format()).contains("cheat.alpha:1:").contains("looks into the future");
        assertThat(file.alphas()).isEmpty();
        assertThat(file.byName("fwd1")).isPresent();
    }

    /**
     * Injected through the API: a signal holding, on day t, the return of day t itself (what a leaky
     * pipeline would deliver on the trade date). With the lag it trades into the return of t+1, which
     * on a market without serial correlation it does not predict: its Sharpe is within noise of 0. The
     * same values one row earlier (tomorrow's return, which the checker refuses to compute) would
     * earn a perfect-foresight return: that is what the lag keeps out.
     */
    @Test
    void aSignalOfTheTradeDaysReturnEarnsNothingSpecial() {
        Panel panel = MarketGenerator.generate(new MarketGenerator.Spec(300, 400, 11));
        int rows = panel.rows();
        double[] close = panel.values("close");
        double[] today = new double[close.length];
        double[] tomorrow = new double[close.length];
        for (int s = 0; s < panel.symbolCount(); s++) {
            for (int t = 0; t < rows; t++) {
                int i = s * rows + t;
                today[i] = t == 0 ? Double.NaN : close[i] / close[i - 1] - 1;
                tomorrow[i] = t == rows - 1 ? Double.NaN : close[i + 1] / close[i] - 1;
            }
        }
        BacktestSpec noCosts = BacktestSpec.defaults().withCosts(0, 0);
        BacktestResult lagged = BACKTESTER.run(panel, new Signal("today", "return of the day", today), 1, rows, noCosts);
        BacktestResult leaked = BACKTESTER.run(panel, new Signal("tomorrow", "next day's return", tomorrow), 1, rows,
                noCosts);
        // 398 return days: the standard error of an annualised Sharpe is about sqrt(252 / 398) = 0.80.
        double noise = Math.sqrt(252.0 / lagged.metrics().days());
        assertThat(Math.abs(lagged.metrics().sharpe())).isLessThan(3 * noise);
        assertThat(Math.abs(lagged.metrics().rankIc())).isLessThan(0.02);
        // Perfect foresight: the signal is the return it trades into.
        assertThat(leaked.metrics().rankIc()).isCloseTo(1, within(1e-12));
        assertThat(leaked.metrics().grossAnnualReturn()).isGreaterThan(5);
        assertThat(leaked.metrics().sharpe()).isGreaterThan(20);
    }

    /**
     * Changing what happens after a day (prices after it, signals from it on) never changes any
     * result booked up to it, for both strategies and both prices.
     */
    @Property(tries = 60)
    void theFutureNeverChangesThePast(@ForAll long seed, @ForAll @IntRange(min = 4, max = 20) int cut,
                                      @ForAll boolean open, @ForAll boolean topk) {
        Panel panel = Panels.random(24, 12, seed);
        SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        double[] signal = randomSignal(panel, random);
        PriceMode price = open ? PriceMode.OPEN : PriceMode.CLOSE;
        BacktestSpec spec = BacktestSpec.defaults().withPrice(price).withMinPairs(3)
                .withStrategy(topk ? new Strategy.TopkDropout(3, 1) : new Strategy.LongShortQuantiles(3));
        // The result booked on row `cut` reads prices up to `cut` (close) or `cut + 1` (open: the
        // return ends at the next open) and the signal up to `cut - 1`.
        int firstUnread = cut + (open ? 2 : 1);
        double[] otherSignal = signal.clone();
        for (int s = 0; s < panel.symbolCount(); s++) {
            for (int t = cut; t < panel.rows(); t++) {
                otherSignal[s * panel.rows() + t] = random.nextDouble();
            }
        }
        Panel otherFuture = withPricesScaledFrom(panel, firstUnread, random);
        BacktestResult a = BACKTESTER.run(panel, new Signal("x", "", signal), 0, panel.rows(), spec);
        BacktestResult b = BACKTESTER.run(otherFuture, new Signal("x", "", otherSignal), 0, panel.rows(), spec);
        int booked = (int) a.daily().dates().stream().filter(d -> d.compareTo(panel.timestamps().get(cut)) <= 0)
                .count();
        assertThat(booked).isEqualTo(cut);
        assertThat(b.daily().gross().subList(0, booked)).isEqualTo(a.daily().gross().subList(0, booked));
        assertThat(b.daily().cost().subList(0, booked)).isEqualTo(a.daily().cost().subList(0, booked));
        assertThat(b.daily().turnover().subList(0, booked)).isEqualTo(a.daily().turnover().subList(0, booked));
        assertThat(b.daily().market().subList(0, booked)).isEqualTo(a.daily().market().subList(0, booked));
    }

    private static double[] randomSignal(Panel panel, SplittableRandom random) {
        double[] v = new double[panel.rows() * panel.symbolCount()];
        for (int i = 0; i < v.length; i++) {
            v[i] = panel.barMask()[i] && random.nextInt(10) > 0 ? random.nextInt(5) + random.nextDouble() : Double.NaN;
        }
        return v;
    }

    private static Panel withPricesScaledFrom(Panel panel, int from, SplittableRandom random) {
        Map<String, double[]> fields = new LinkedHashMap<>();
        int rows = panel.rows();
        for (String name : panel.fieldNames()) {
            double[] v = panel.values(name).clone();
            for (int s = 0; s < panel.symbolCount(); s++) {
                for (int t = from; t < rows; t++) {
                    v[s * rows + t] *= 0.5 + random.nextDouble();
                }
            }
            fields.put(name, v);
        }
        return new Panel(panel.timestamps(), panel.symbols(), fields, panel.barMask(), panel.groups());
    }
}
