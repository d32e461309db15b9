package io.quarry.dsl.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.quarry.dsl.check.CheckedAlpha;
import io.quarry.dsl.check.Checker;
import io.quarry.dsl.eval.BatchEvaluator;
import io.quarry.dsl.panel.GroupLevel;
import io.quarry.dsl.panel.Panel;
import io.quarry.dsl.parse.Definition;
import io.quarry.dsl.parse.FormulaException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tests for {@link MarketGenerator}: shape, invariants, statistics and the planted signal. */
class MarketGeneratorTest {

    private static final String MOMENTUM = "rank(delta(close, 5))";
    private static final LocalDate START = LocalDate.of(2021, 3, 1);

    /** 200 symbols x 400 days without a plant: invariants, gaps and the no-signal baseline. */
    private static Panel plain;

    @BeforeAll
    static void generatePlain() {
        plain = MarketGenerator.generate(new MarketGenerator.Spec(200, 400, 11));
    }

    private static Panel planted(int symbols, int days, long seed, String formula, double ic) {
        return MarketGenerator.generate(
                new MarketGenerator.Spec(symbols, days, seed, START, Optional.of(formula), ic));
    }

    // ---------------------------------------------------------------------------------------------
    // Shape and invariants

    @Test
    void hasTheRequestedShapeCalendarAndSectors() {
        LocalDate saturday = LocalDate.of(2024, 1, 6);
        Panel p = MarketGenerator.generate(new MarketGenerator.Spec(30, 50, 3, saturday, Optional.empty(), 0));

        assertThat(p.rows()).isEqualTo(50);
        assertThat(p.symbolCount()).isEqualTo(30);
        assertThat(p.fieldNames()).containsExactlyInAnyOrder("open", "high", "low", "close", "volume");
        assertThat(p.symbols().get(0)).isEqualTo("S0001");
        assertThat(p.symbols().get(29)).isEqualTo("S0030");

        assertThat(p.timestamps().get(0)).isEqualTo("2024-01-08");
        LocalDate previous = null;
        for (String timestamp : p.timestamps()) {
            LocalDate day = LocalDate.parse(timestamp);
            assertThat(day.getDayOfWeek()).isNotIn(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
            if (previous != null) {
                // The next business day: Friday -> Monday, else the day after.
                int gap = previous.getDayOfWeek() == DayOfWeek.FRIDAY ? 3 : 1;
                assertThat(day).isEqualTo(previous.plusDays(gap));
            }
            previous = day;
        }

        assertThat(p.groups().levels()).isEqualTo(1);
        Set<String> sectors = new HashSet<>();
        for (String symbol : p.symbols()) {
            String sector = p.groups().groupOf(symbol, GroupLevel.SECTOR);
            assertThat(sector).matches("Sector(0[1-9]|1[01])");
            sectors.add(sector);
        }
        assertThat(sectors).hasSize(11);
    }

    @Test
    void barsAreConsistentAndMissingBarsAreNaN() {
        double[] open = plain.values("open");
        double[] high = plain.values("high");
        double[] low = plain.values("low");
        double[] close = plain.values("close");
        double[] volume = plain.values("volume");
        boolean[] hasBar = plain.barMask();
        int missing = 0;
        for (int i = 0; i < close.length; i++) {
            if (!hasBar[i]) {
                missing++;
                for (double v : new double[] {open[i], high[i], low[i], close[i], volume[i]}) {
                    assertThat(v).isNaN();
                }
                continue;
            }
            assertThat(high[i]).isGreaterThanOrEqualTo(Math.max(open[i], close[i]));
            assertThat(low[i]).isLessThanOrEqualTo(Math.min(open[i], close[i])).isPositive();
            assertThat(volume[i]).isGreaterThanOrEqualTo(1).isEqualTo(Math.rint(volume[i]));
        }
        assertThat(missing).isPositive();
    }

    @Test
    void someSymbolsListLateAndSomeHaltOnceThenResumeFromTheLastClose() {
        int rows = plain.rows();
        double[] open = plain.values("open");
        double[] close = plain.values("close");
        int late = 0;
        int halted = 0;
        for (int s = 0; s < plain.symbolCount(); s++) {
            int first = 0;
            while (!plain.hasBar(first, s)) {
                first++;
            }
            if (first > 0) {
                late++;
                assertThat(first).isLessThan(rows / 2);
            }
            List<int[]> gaps = new ArrayList<>();
            for (int t = first + 1; t < rows; t++) {
                if (!plain.hasBar(t, s) && plain.hasBar(t - 1, s)) {
                    int end = t;
                    while (end < rows && !plain.hasBar(end, s)) {
                        end++;
                    }
                    gaps.add(new int[] {t, end});
                }
            }
            if (!gaps.isEmpty()) {
                halted++;
                assertThat(first).as("late listers do not also halt").isZero();
                assertThat(gaps).hasSize(1);
                int from = gaps.get(0)[0];
                int until = gaps.get(0)[1];
                assertThat(until - from).isBetween(1, 10);
                assertThat(until).as("a halt ends before the panel does").isLessThan(rows);
                // The open after the halt is the last close plus overnight noise (sd 0.3%): 3% is 10 sd.
                double lastClose = close[s * rows + from - 1];
                assertThat(open[s * rows + until] / lastClose - 1).isBetween(-0.03, 0.03);
            }
        }
        // round(5% of 200) late listers and round(3% of 200) halts, chosen once per seed.
        assertThat(late).isEqualTo(10);
        assertThat(halted).isEqualTo(6);
    }

    @Test
    void isDeterministicPerSeed() {
        Panel a = planted(40, 60, 5, MOMENTUM, 0.1);
        Panel b = planted(40, 60, 5, MOMENTUM, 0.1);
        Panel other = planted(40, 60, 6, MOMENTUM, 0.1);
        assertThat(b.timestamps()).isEqualTo(a.timestamps());
        assertThat(b.symbols()).isEqualTo(a.symbols());
        assertThat(b.barMask()).isEqualTo(a.barMask());
        for (String field : a.fieldNames()) {
            // Arrays.equals on doubles compares bits, so NaN equals NaN and the check is bit-exact.
            assertThat(Arrays.equals(a.values(field), b.values(field))).as(field).isTrue();
            assertThat(Arrays.equals(a.values(field), other.values(field))).as(field).isFalse();
        }
    }

    @Test
    void aPlantAtZeroIcLeavesTheMarketBitIdentical() {
        // The plant fills the panel day by day, the plain market symbol by symbol; with per-symbol
        // random streams and a zero loading the two must agree exactly.
        Panel without = MarketGenerator.generate(new MarketGenerator.Spec(40, 60, 5, START, Optional.empty(), 0));
        Panel zero = planted(40, 60, 5, MOMENTUM, 0);
        assertThat(zero.barMask()).isEqualTo(without.barMask());
        for (String field : without.fieldNames()) {
            assertThat(Arrays.equals(zero.values(field), without.values(field))).as(field).isTrue();
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Statistics

    @Test
    void marketVolatilityAndFatIdiosyncraticTails() {
        Panel p = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> MarketGenerator.generate(new MarketGenerator.Spec(500, 1000, 21)),
                "500 x 1000 takes well under a second; 5 s only guards against a gross regression");
        int rows = p.rows();
        int n = p.symbolCount();
        double[] close = p.values("close");
        int[] sector = p.groups().groupIds(p.symbols(), GroupLevel.SECTOR);
        double[] marketReturns = new double[rows - 1];
        List<Double> residuals = new ArrayList<>();
        for (int t = 1; t < rows; t++) {
            double[] r = new double[n];
            double sum = 0;
            int count = 0;
            double[] sectorSum = new double[11];
            int[] sectorCount = new int[11];
            for (int s = 0; s < n; s++) {
                r[s] = Math.log(close[s * rows + t] / close[s * rows + t - 1]);
                if (!Double.isNaN(r[s])) {
                    sum += Math.expm1(r[s]);
                    count++;
                    sectorSum[sector[s]] += r[s];
                    sectorCount[sector[s]]++;
                }
            }
            marketReturns[t - 1] = sum / count;
            for (int s = 0; s < n; s++) {
                if (!Double.isNaN(r[s])) {
                    residuals.add(r[s] - sectorSum[sector[s]] / sectorCount[sector[s]]);
                }
            }
        }
        // Equal-weight market: variance = mean(beta)^2 sm^2 + sg^2 / 11 + se^2 / 500 ~ (1.025%)^2 with
        // mean(beta) ~ 1 (sd 0.013 over 500 symbols). The sample vol over 999 days has a relative sd of
        // about 1/sqrt(2 x 999) = 2.2%, so [0.9%, 1.15%] is more than 4 sd either side.
        assertThat(stddev(marketReturns)).isBetween(0.009, 0.0115);

        // Returns minus their sector's mean that day are idio plus (beta - sector mean beta) x market.
        // Were idio Gaussian, their excess kurtosis would be near 0 (the beta term, ~4% of the
        // variance, adds ~0.1; the sampling sd over ~490k values is ~0.007). A unit-variance t(4) has
        // infinite kurtosis; samples this size give 10 or more, so > 1 is a clear margin.
        double[] e = residuals.stream().mapToDouble(Double::doubleValue).toArray();
        assertThat(excessKurtosis(e)).isGreaterThan(1.0);
    }

    // ---------------------------------------------------------------------------------------------
    // The plant

    @Test
    void plantedMomentumCarriesTheTargetIc() {
        // Per-day Spearman over ~190 symbols has sd ~0.07; the mean over ~400 days has sd ~0.004
        // (more with sector co-movement), so +-0.03 covers sampling and the few-percent shortfall
        // from beta dispersion.
        double ic = meanRankIc(planted(200, 400, 7, MOMENTUM, 0.1), MOMENTUM);
        assertThat(ic).isBetween(0.07, 0.13);
    }

    @Test
    void withoutAPlantTheFormulaHasNoIc() {
        assertThat(meanRankIc(plain, MOMENTUM)).isBetween(-0.02, 0.02);
    }

    @Test
    void aNegativeIcPlantsAReversedSignal() {
        double ic = meanRankIc(planted(200, 400, 8, MOMENTUM, -0.1), MOMENTUM);
        assertThat(ic).isBetween(-0.13, -0.07);
    }

    @Test
    void derivedFieldsGetTheirExtraLookback() {
        // The checker counts `returns` as lookback 0, but it reads yesterday's close: a one-row window
        // would make the plant NaN (no signal) every day.
        String reversal = "-returns";
        double ic = meanRankIc(planted(150, 300, 9, reversal, 0.1), reversal);
        assertThat(ic).isBetween(0.06, 0.14);
    }

    @Test
    void emaPlantsUseATruncatedWindowCloseToTheFullHistory() {
        // The plant evaluates ema over a 60-row trailing window; the test scores the formula over the
        // whole history. They differ by the seed's weight (< 1e-3), so the IC is unaffected.
        String smoothed = "ema(returns, 5)";
        double ic = meanRankIc(planted(150, 300, 10, smoothed, 0.1), smoothed);
        assertThat(ic).isBetween(0.06, 0.14);
    }

    @Test
    void refusesFormulasWithErrorsOrFieldsTheMarketLacks() {
        assertThatThrownBy(() -> planted(10, 20, 1, "rank(delta(clse, 5))", 0.1))
                .isInstanceOf(FormulaException.class)
                .hasMessageContaining("clse");
        assertThatThrownBy(() -> planted(10, 20, 1, "rank(cap)", 0.1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cap");
    }

    @Test
    void validatesTheSpec() {
        assertThatThrownBy(() -> new MarketGenerator.Spec(0, 10, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("symbols");
        assertThatThrownBy(() -> new MarketGenerator.Spec(10, 1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("days");
        for (double ic : new double[] {1, -1, 1.5, Double.NaN}) {
            assertThatThrownBy(() -> new MarketGenerator.Spec(10, 10, 1, START, Optional.of(MOMENTUM), ic))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("plantIc");
        }
        assertThatThrownBy(() -> new MarketGenerator.Spec(10, 10, 1, START, Optional.of(" "), 0.1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("plantFormula");
        assertThatThrownBy(() -> new MarketGenerator.Spec(100_000, 100_000, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("symbols x days");
        // ISO dates sort as text only up to year 9999; 3M business days from 2020 run far past it.
        assertThatThrownBy(() -> MarketGenerator.generate(new MarketGenerator.Spec(1, 3_000_000, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("days").hasMessageContaining("9999");
    }

    // ---------------------------------------------------------------------------------------------
    // Independent statistics

    /**
     * Mean over days t of the Spearman correlation across symbols between the formula at t and the
     * return close[t+1] / close[t] - 1; days with fewer than 10 pairs are skipped.
     */
    private static double meanRankIc(Panel p, String formula) {
        CheckedAlpha alpha = Checker.standard().checkExpression("a", formula, Definition.Kind.ALPHA);
        double[] values = new BatchEvaluator(1).evaluate(p, List.of(alpha)).values("a");
        double[] close = p.values("close");
        int rows = p.rows();
        double sum = 0;
        int days = 0;
        for (int t = 0; t + 1 < rows; t++) {
            double[] x = new double[p.symbolCount()];
            double[] y = new double[p.symbolCount()];
            int count = 0;
            for (int s = 0; s < p.symbolCount(); s++) {
                double a = values[s * rows + t];
                double r = close[s * rows + t + 1] / close[s * rows + t] - 1;
                if (!Double.isNaN(a) && !Double.isNaN(r)) {
                    x[count] = a;
                    y[count] = r;
                    count++;
                }
            }
            if (count >= 10) {
                sum += pearson(ranks(x, count), ranks(y, count));
                days++;
            }
        }
        return sum / days;
    }

    /** 1-based ranks of v[0..count), ties given their average rank. */
    private static double[] ranks(double[] v, int count) {
        Integer[] order = new Integer[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (i, j) -> Double.compare(v[i], v[j]));
        double[] ranks = new double[count];
        for (int i = 0; i < count; ) {
            int j = i;
            while (j + 1 < count && v[order[j + 1]] == v[order[i]]) {
                j++;
            }
            for (int k = i; k <= j; k++) {
                ranks[order[k]] = (i + j) / 2.0 + 1;
            }
            i = j + 1;
        }
        return ranks;
    }

    private static double pearson(double[] x, double[] y) {
        double mx = mean(x);
        double my = mean(y);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElseThrow();
    }

    private static double stddev(double[] v) {
        double m = mean(v);
        return Math.sqrt(Arrays.stream(v).map(x -> (x - m) * (x - m)).sum() / (v.length - 1));
    }

    private static double excessKurtosis(double[] v) {
        double m = mean(v);
        double m2 = Arrays.stream(v).map(x -> Math.pow(x - m, 2)).average().orElseThrow();
        double m4 = Arrays.stream(v).map(x -> Math.pow(x - m, 4)).average().orElseThrow();
        return m4 / (m2 * m2) - 3;
    }
}
