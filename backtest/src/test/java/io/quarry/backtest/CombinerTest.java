package io.quarry.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.quarry.dsl.check.Checker;
import io.quarry.dsl.eval.BatchEvaluator;
import io.quarry.dsl.panel.Panel;
import io.quarry.dsl.parse.Definition;
import io.quarry.dsl.synth.MarketGenerator;
import io.quarry.evaluator.PlainKernels;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Tests for {@link Combiner}: each method against a naive reading of its definition. */
class CombinerTest {

    private static final PlainKernels KERNELS = new PlainKernels();
    private static final BacktestSpec SPEC = BacktestSpec.defaults();

    private static final Panel PANEL = MarketGenerator.generate(new MarketGenerator.Spec(40, 160, 5));

    private static Signal noise(String name, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] v = new double[PANEL.rows() * PANEL.symbolCount()];
        for (int i = 0; i < v.length; i++) {
            v[i] = PANEL.barMask()[i] && random.nextInt(8) > 0 ? random.nextGaussian() : Double.NaN;
        }
        return new Signal(name, name, v);
    }

    private static final List<Signal> SIGNALS = List.of(noise("a", 1), noise("b", 2), noise("c", 3));

    @Test
    void equalIsTheMeanOfThePresentZScores() {
        Market market = Market.of(PANEL, 100, 160, SPEC);
        Combiner.Combined c = Combiner.combine(Combination.EQUAL, market, SIGNALS, dailyIc(market), KERNELS, null, SPEC);
        assertThat(c.signal().name()).isEqualTo("combined_equal");
        assertThat(c.market()).isSameAs(market);
        double[] weights = {1, 1, 1};
        for (int d = 0; d < market.days; d++) {
            assertDay(c.signal().values(), market, d, weights);
        }
        // Nothing outside the backtested signal days.
        int rows = PANEL.rows();
        for (int s = 0; s < PANEL.symbolCount(); s++) {
            assertThat(c.signal().values()[s * rows + 99]).isNaN();
            assertThat(c.signal().values()[s * rows + 159]).isNaN();
        }
    }

    @Test
    void icWeightsAreTheMeansOfThePastKnownIcs() {
        Market market = Market.of(PANEL, 100, 160, SPEC);
        double[][] ic = dailyIc(market);
        Combiner.Combined c = Combiner.combine(Combination.IC, market, SIGNALS, ic, KERNELS, null, SPEC);
        // Day 0: no IC is known yet (day 0's needs the close of day 1): equal weights.
        assertDay(c.signal().values(), market, 0, new double[] {1, 1, 1});
        // Day d: the mean of each signal's ICs of days 0 .. d - 1 (lag 1, close prices).
        for (int d = 1; d < market.days; d++) {
            double[] w = new double[3];
            for (int a = 0; a < 3; a++) {
                double sum = 0;
                int n = 0;
                for (int past = 0; past < d; past++) {
                    if (!Double.isNaN(ic[a][past])) {
                        sum += ic[a][past];
                        n++;
                    }
                }
                w[a] = n == 0 ? 0 : sum / n;
            }
            assertDay(c.signal().values(), market, d, w);
        }
    }

    @Test
    void icCombinationIgnoresPricesAfterTheDay() {
        int cut = 130;
        Market market = Market.of(PANEL, 100, 160, SPEC);
        Panel changed = scaledFrom(PANEL, cut + 1);
        Market changedMarket = Market.of(changed, 100, 160, SPEC);
        double[] a = Combiner.combine(Combination.IC, market, SIGNALS, dailyIc(market), KERNELS, null, SPEC).signal().values();
        double[] b = Combiner.combine(Combination.IC, changedMarket, SIGNALS, dailyIc(changedMarket), KERNELS, null, SPEC)
                .signal().values();
        int rows = PANEL.rows();
        boolean differs = false;
        for (int s = 0; s < PANEL.symbolCount(); s++) {
            for (int t = 100; t <= cut; t++) {
                assertThat(Double.valueOf(b[s * rows + t])).isEqualTo(Double.valueOf(a[s * rows + t]));
            }
            for (int t = cut + 1; t < 159; t++) {
                differs |= Double.compare(a[s * rows + t], b[s * rows + t]) != 0;
            }
        }
        assertThat(differs).as("later days do use the later prices").isTrue();
    }

    @Test
    void poolIsFittedBeforeTheRangeOrOnItsFirstHalf() {
        // A market where rank(delta(close, 5)) predicts the next day's return at rank IC about 0.1.
        Panel planted = MarketGenerator.generate(new MarketGenerator.Spec(150, 360, 9, LocalDate.of(2020, 1, 1),
                Optional.of("rank(delta(close, 5))"), 0.1));
        double[] plantedValues = new BatchEvaluator().evaluate(planted, List.of(Checker.standard()
                .checkExpression("planted", "rank(delta(close, 5))", Definition.Kind.ALPHA))).values("planted");
        SplittableRandom random = new SplittableRandom(4);
        double[] noise = new double[plantedValues.length];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = planted.barMask()[i] ? random.nextGaussian() : Double.NaN;
        }
        List<Signal> signals = List.of(new Signal("noise", "noise", noise),
                new Signal("planted", "rank(delta(close, 5))", plantedValues));
        Backtester backtester = new Backtester(KERNELS, 2);
        // 200 rows before the range: fitted there, applied to the whole range.
        BacktestRun before = backtester.runAll(planted, signals, 200, 360, SPEC, Combination.POOL, 1);
        BacktestResult pool = before.combined().orElseThrow();
        assertThat(pool.name()).isEqualTo("combined_pool");
        assertThat(pool.daily().dates()).isEqualTo(before.alphas().get(0).daily().dates());
        assertThat(pool.description()).contains("AlphaPool").contains("planted").contains("2020-01-01 .. ")
                .contains(planted.timestamps().get(199));
        assertThat(pool.metrics().rankIc()).isGreaterThan(0.05);
        // 20 rows before the range are too few: fitted on rows 20..189, backtested from row 190.
        BacktestRun half = backtester.runAll(planted, signals, 20, 360, SPEC, Combination.POOL, 1);
        BacktestResult secondHalf = half.combined().orElseThrow();
        assertThat(secondHalf.daily().start()).isEqualTo(planted.timestamps().get(190));
        assertThat(secondHalf.description()).contains(planted.timestamps().get(20) + " .. "
                + planted.timestamps().get(189));
    }

    // ---------------------------------------------------------------------------------------------

    private static double[][] dailyIc(Market market) {
        double[][] slices = SIGNALS.stream().map(s -> market.slice(s.values())).toArray(double[][]::new);
        return IcAnalysis.daily(KERNELS, market, slices, false, SPEC.minPairs());
    }

    /** Each cell of signal day d: sum w z / sum |w| over the signals present there. */
    private static void assertDay(double[] combined, Market market, int d, double[] w) {
        int rows = PANEL.rows();
        int t = market.signalRow(d);
        int n = PANEL.symbolCount();
        double[][] z = new double[SIGNALS.size()][n];
        for (int a = 0; a < SIGNALS.size(); a++) {
            double[] v = SIGNALS.get(a).values();
            double sum = 0;
            int count = 0;
            for (int s = 0; s < n; s++) {
                if (!Double.isNaN(v[s * rows + t])) {
                    sum += v[s * rows + t];
                    count++;
                }
            }
            double mean = sum / count;
            double ss = 0;
            for (int s = 0; s < n; s++) {
                if (!Double.isNaN(v[s * rows + t])) {
                    ss += Math.pow(v[s * rows + t] - mean, 2);
                }
            }
            double sd = Math.sqrt(ss / (count - 1));
            for (int s = 0; s < n; s++) {
                z[a][s] = (v[s * rows + t] - mean) / sd;
            }
        }
        for (int s = 0; s < n; s++) {
            double num = 0;
            double den = 0;
            for (int a = 0; a < SIGNALS.size(); a++) {
                if (!Double.isNaN(z[a][s]) && w[a] != 0) {
                    num += w[a] * z[a][s];
                    den += Math.abs(w[a]);
                }
            }
            double expected = den == 0 ? Double.NaN : num / den;
            double actual = combined[s * rows + t];
            if (Double.isNaN(expected)) {
                assertThat(actual).as("day %d symbol %d", d, s).isNaN();
            } else {
                assertThat(actual).as("day %d symbol %d", d, s).isCloseTo(expected, within(1e-12));
            }
        }
    }

    private static Panel scaledFrom(Panel panel, int from) {
        SplittableRandom random = new SplittableRandom(77);
        Map<String, double[]> fields = new LinkedHashMap<>();
        int rows = panel.rows();
        for (String name : panel.fieldNames()) {
            double[] v = panel.values(name).clone();
            for (int s = 0; s < panel.symbolCount(); s++) {
                for (int t = from; t < rows; t++) {
                    v[s * rows + t] *= 0.8 + 0.4 * random.nextDouble();
                }
            }
            fields.put(name, v);
        }
        return new Panel(panel.timestamps(), panel.symbols(), fields, panel.barMask(), panel.groups());
    }
}
