package io.quarry.dsl.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.quarry.dsl.check.CheckedAlpha;
import io.quarry.dsl.check.Checker;
import io.quarry.dsl.panel.Groups;
import io.quarry.dsl.panel.Panel;
import io.quarry.dsl.parse.Definition;
import io.quarry.dsl.parse.Source;
import io.quarry.dsl.testing.Panels;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The incremental evaluator: hand-computed values, its contract, run-time changes and its state. */
class IncrementalEvaluatorTest {

    private static final double NaN = Double.NaN;

    private static CheckedAlpha alpha(String name, String formula) {
        return Checker.standard().checkExpression(name, formula, Definition.Kind.ALPHA);
    }

    private static List<CheckedAlpha> alphas(String text) {
        return Checker.standard().check(new Source("t.alpha", text)).orThrow();
    }

    /** One cross-section of closes only; NaN entries are symbols without a bar. */
    private static CrossSection closes(int day, String[] symbols, double... close) {
        List<String> present = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < symbols.length; i++) {
            if (!Double.isNaN(close[i])) {
                present.add(symbols[i]);
                values.add(close[i]);
            }
        }
        return new CrossSection(java.time.LocalDate.of(2020, 1, 1).plusDays(day).toString(), present,
                Map.of("close", values.stream().mapToDouble(Double::doubleValue).toArray()));
    }

    /**
     * Streams symbol A's closes (NaN: no bar) beside a symbol Z that always has a bar (so that every
     * row is a row of the calendar) and returns each alpha's series for A (NaN where no bar).
     */
    private static Map<String, double[]> series(List<CheckedAlpha> alphas, double... close) {
        IncrementalEvaluator evaluator = new IncrementalEvaluator(alphas, Groups.none(), 60);
        Map<String, double[]> out = new LinkedHashMap<>();
        alphas.forEach(a -> out.put(a.name(), new double[close.length]));
        for (int t = 0; t < close.length; t++) {
            CrossSectionValues v = evaluator.step(closes(t, new String[] {"A", "Z"}, close[t], 1));
            for (CheckedAlpha a : alphas) {
                out.get(a.name())[t] = v.symbols().get(0).equals("A") ? v.valuesOf(a.name())[0] : NaN;
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ hand-computed

    private static final double[] PI = {3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, NaN, 7, 7, 8};

    @Test
    void monotonicDequesGiveWindowExtremesAndTheOldestPositionOfTies() {
        Map<String, double[]> v = series(alphas("""
                alpha hi = ts_max(close, 3)
                alpha lo = ts_min(close, 3)
                alpha argmax = ts_argmax(close, 3)
                alpha argmin = ts_argmin(close, 3)
                """), PI);
        // Windows of 3; the bar-less row 11 makes rows 11..13 NaN (and is NaN itself).
        assertThat(v.get("hi")).containsExactly(NaN, NaN, 4, 4, 5, 9, 9, 9, 6, 6, 5, NaN, NaN, NaN, 8);
        assertThat(v.get("lo")).containsExactly(NaN, NaN, 1, 1, 1, 1, 2, 2, 2, 3, 3, NaN, NaN, NaN, 7);
        // [5, 3, 5] at row 10: two maxima, the oldest (position 1) wins; [1, 4, 1] at row 3 likewise.
        assertThat(v.get("argmax")).containsExactly(NaN, NaN, 3, 2, 3, 3, 2, 1, 2, 1, 1, NaN, NaN, NaN, 3);
        assertThat(v.get("argmin")).containsExactly(NaN, NaN, 2, 1, 2, 1, 3, 2, 1, 3, 2, NaN, NaN, NaN, 1);
    }

    @Test
    void orderStatisticsGiveMediansAndTsRanksWithAveragedTies() {
        Map<String, double[]> v = series(alphas("""
                alpha med3 = med(close, 3)
                alpha med4 = med(close, 4)
                alpha rank4 = ts_rank(close, 4)
                """), PI);
        assertThat(v.get("med3")).containsExactly(NaN, NaN, 3, 1, 4, 5, 5, 6, 5, 5, 5, NaN, NaN, NaN, 7);
        assertThat(v.get("med4")).containsExactly(NaN, NaN, NaN, 2, 2.5, 4.5, 3.5, 5.5, 5.5, 4, 5, NaN, NaN, NaN, NaN);
        // Row 3: [3, 1, 4, 1], today 1 ties with one other 1 -> ranks 1 and 2 -> 1.5 / 4.
        // Row 10: [6, 5, 3, 5], today 5: one below, two equal -> (1 + 1.5) / 4.
        assertThat(v.get("rank4")).containsExactly(NaN, NaN, NaN, 0.375, 1, 1, 0.5, 0.75, 0.5, 0.5, 0.625,
                NaN, NaN, NaN, NaN);
    }

    @Test
    void longWindowOrderStatisticsMatchASortedCopyOfTheWindow() {
        // Windows over 32 rows use the sorted window (median always, ts_rank then): compare with a
        // sort of each window, over a series with many ties.
        double[] x = new double[120];
        for (int t = 0; t < x.length; t++) {
            x[t] = (t * 7919 % 13) / 2.0;
        }
        x[70] = NaN;
        Map<String, double[]> v = series(alphas("alpha m = med(close, 34)\nalpha r = ts_rank(close, 40)\n"), x);
        for (int t = 0; t < x.length; t++) {
            assertThat(v.get("m")[t]).as("med row %d", t).isEqualTo((Double) naiveMedian(x, t, 34));
            assertThat(v.get("r")[t]).as("ts_rank row %d", t).isEqualTo((Double) naiveTsRank(x, t, 40));
        }
    }

    private static double naiveMedian(double[] x, int t, int d) {
        if (t < d - 1) {
            return NaN;
        }
        double[] w = Arrays.copyOfRange(x, t - d + 1, t + 1);
        Arrays.sort(w);
        if (Double.isNaN(w[d - 1])) {
            return NaN;
        }
        return d % 2 == 1 ? w[d / 2] : (w[d / 2 - 1] + w[d / 2]) / 2;
    }

    private static double naiveTsRank(double[] x, int t, int d) {
        if (t < d - 1) {
            return NaN;
        }
        int less = 0;
        int equal = 0;
        for (int j = t - d + 1; j <= t; j++) {
            if (Double.isNaN(x[j])) {
                return NaN;
            }
            less += x[j] < x[t] ? 1 : 0;
            equal += x[j] == x[t] ? 1 : 0;
        }
        return (less + (equal + 1) / 2.0) / d;
    }

    @Test
    void emaIsSeededByTheFirstValueAndSkipsMissingRows() {
        // a = 2 / (3 + 1) = 0.5: 3, 2, 3, (no bar), 3.5 -> output from the 3rd present value on.
        Map<String, double[]> v = series(List.of(alpha("e", "ema(close, 3)")), 3, 1, 4, NaN, 4);
        assertThat(v.get("e")).containsExactly(NaN, NaN, 3, NaN, 3.5);
    }

    @Test
    void longWindowVarianceStaysWithin1e9OfTwoPassOverALongStream() {
        // 3,000 rows around 1e6 through the streamed block sums of stddev(x, 40) and var(x, 45):
        // nothing accumulates, whatever the stream's length.
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        double[] x = new double[3000];
        for (int t = 0; t < x.length; t++) {
            x[t] = 1e6 + random.nextDouble() * (t % 500 < 250 ? 1e-3 : 10);
        }
        Map<String, double[]> v = series(alphas("alpha sd = stddev(close, 40)\nalpha var = var(close, 45)\n"), x);
        for (int t = 44; t < x.length; t++) {
            assertThat(v.get("sd")[t]).isCloseTo(Math.sqrt(twoPassVariance(x, t, 40)),
                    within(1e-9 * Math.sqrt(twoPassVariance(x, t, 40))));
            assertThat(v.get("var")[t]).isCloseTo(twoPassVariance(x, t, 45), within(1e-9 * twoPassVariance(x, t, 45)));
        }
    }

    private static double twoPassVariance(double[] x, int t, int d) {
        double sum = 0;
        for (int j = t - d + 1; j <= t; j++) {
            sum += x[j];
        }
        double mean = sum / d;
        double m2 = 0;
        for (int j = t - d + 1; j <= t; j++) {
            m2 += (x[j] - mean) * (x[j] - mean);
        }
        return m2 / (d - 1);
    }

    @Test
    void anExactlyConstantWindowHasVarianceExactlyZeroAfterLargeValues() {
        double[] x = new double[120];
        for (int t = 0; t < x.length; t++) {
            x[t] = t < 50 ? 1e9 * (t % 3 + 1) : 3.3;
        }
        Map<String, double[]> v = series(alphas("""
                alpha v5 = var(close, 5)
                alpha v40 = var(close, 40)
                alpha sd40 = stddev(close, 40)
                alpha s40 = slope(close, 40)
                alpha c40 = correlation(close, close * 2, 40)
                alpha k40 = skew(close, 40)
                """), x);
        for (int t = 100; t < x.length; t++) {
            assertThat(v.get("v5")[t]).isEqualTo(0.0);
            assertThat(v.get("v40")[t]).isEqualTo(0.0);
            assertThat(v.get("sd40")[t]).isEqualTo(0.0);
            assertThat(v.get("s40")[t]).isEqualTo(0.0);
            assertThat(v.get("c40")[t]).isNaN();
            assertThat(v.get("k40")[t]).isNaN();
        }
    }

    @Test
    void aLateSymbolHasAnEmptyPastExceptForExpressionsOfNoField() {
        String[] s = {"A", "B"};
        IncrementalEvaluator evaluator = new IncrementalEvaluator(
                alphas("alpha lag = delay(close, 1)\nalpha k = sum(2, 3)\n"), Groups.none(), 5);
        evaluator.step(closes(0, s, 10, NaN));
        evaluator.step(closes(1, s, 11, NaN));
        evaluator.step(closes(2, s, 12, NaN));
        CrossSectionValues first = evaluator.step(closes(3, s, 13, 50));
        assertThat(first.symbols()).containsExactly("A", "B");
        assertThat(first.valuesOf("lag")).containsExactly(12, NaN);
        // sum(2, 3) is 6 from the third row on for every symbol, as in a panel holding B from row 0.
        assertThat(first.valuesOf("k")).containsExactly(6, 6);
        CrossSectionValues next = evaluator.step(closes(4, s, NaN, 51));
        assertThat(next.symbols()).containsExactly("B");
        assertThat(next.valuesOf("lag")).containsExactly(50);
    }

    // ------------------------------------------------------------------ contract

    @Test
    void labelsAndLookbacksBeyondTheRetainedBarsAreRefusedWithTheNumbers() {
        CheckedAlpha label = Checker.standard().checkExpression("fwd", "delay(close, -1) / close - 1",
                Definition.Kind.LABEL);
        assertThatThrownBy(() -> new IncrementalEvaluator(List.of(label), Groups.none(), 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'fwd' is a label");
        CheckedAlpha deep = alpha("deep", "ts_rank(sum(close, 10), 25)");
        assertThat(deep.lookback()).isEqualTo(33);
        assertThatThrownBy(() -> new IncrementalEvaluator(List.of(deep), Groups.none(), 32))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("alpha 'deep'").hasMessageContaining("lookback of 33")
                .hasMessageContaining("32 bars");
        IncrementalEvaluator evaluator = new IncrementalEvaluator(List.of(), Groups.none(), 32);
        assertThatThrownBy(() -> evaluator.add(deep)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lookback of 33");
        assertThat(evaluator.alphaNames()).isEmpty();
        new IncrementalEvaluator(List.of(deep), Groups.none(), 33);
        assertThatThrownBy(() -> new IncrementalEvaluator(List.of(deep, deep), Groups.none(), 40))
                .hasMessageContaining("two alphas named 'deep'");
    }

    @Test
    void timestampsMustStrictlyIncreaseAndARefusedRowChangesNothing() {
        String[] s = {"A"};
        IncrementalEvaluator evaluator = new IncrementalEvaluator(List.of(alpha("d", "delta(close, 1)")),
                Groups.none(), 5);
        evaluator.step(closes(1, s, 10));
        assertThatThrownBy(() -> evaluator.step(closes(1, s, 11))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("strictly increase").hasMessageContaining("2020-01-02");
        assertThatThrownBy(() -> evaluator.step(closes(0, s, 11))).isInstanceOf(IllegalArgumentException.class);
        assertThat(evaluator.step(closes(2, s, 13)).valuesOf("d")).containsExactly(3);
    }

    @Test
    void anEmptyCrossSectionIsNotARow() {
        String[] s = {"A"};
        IncrementalEvaluator evaluator = new IncrementalEvaluator(List.of(alpha("d", "delta(close, 1)")),
                Groups.none(), 5);
        evaluator.step(closes(0, s, 10));
        CrossSectionValues empty = evaluator.step(new CrossSection("2020-01-02", List.of(), Map.of()));
        assertThat(empty.symbols()).isEmpty();
        assertThat(empty.values()).hasDimensions(1, 0);
        assertThat(evaluator.step(closes(2, s, 13)).valuesOf("d")).containsExactly(3);
    }

    @Test
    void fieldsAreFixedByTheFirstCrossSection() {
        String[] s = {"A"};
        IncrementalEvaluator needsOpen = new IncrementalEvaluator(List.of(alpha("o", "rank(open)")), Groups.none(), 5);
        assertThatThrownBy(() -> needsOpen.step(closes(0, s, 10))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("alpha 'o' reads field 'open'");
        needsOpen.remove("o");
        needsOpen.step(closes(0, s, 10));
        assertThatThrownBy(() -> needsOpen.add(alpha("o", "rank(open)"))).hasMessageContaining("field 'open'");
        assertThat(needsOpen.alphaNames()).isEmpty();
        CrossSection withVolume = new CrossSection("2020-01-09", List.of("A"),
                Map.of("close", new double[] {1}, "volume", new double[] {2}));
        assertThatThrownBy(() -> needsOpen.step(withVolume)).hasMessageContaining("field 'volume'");
        // A derived field the data lacks is expanded: returns = close / delay(close, 1) - 1.
        needsOpen.add(alpha("r", "returns"));
        assertThat(needsOpen.step(closes(2, s, 12)).valuesOf("r")[0]).isCloseTo(0.2, within(1e-15));
    }

    @Test
    void crossSectionsValidateTheirShapeAndBuildFromBarMaps() {
        assertThatThrownBy(() -> new CrossSection("t", List.of("A", "A"), Map.of()))
                .hasMessageContaining("duplicate symbol A");
        assertThatThrownBy(() -> new CrossSection("t", List.of("A"), Map.of("close", new double[2])))
                .hasMessageContaining("2 values for 1 symbols");
        Map<String, Map<String, Double>> bars = new LinkedHashMap<>();
        bars.put("A", Map.of("close", 1.0, "vwap", 2.0));
        bars.put("B", Map.of("close", 3.0));
        CrossSection cs = CrossSection.of("t", bars);
        assertThat(cs.symbols()).containsExactly("A", "B");
        assertThat(cs.fields().get("close")).containsExactly(1, 3);
        assertThat(cs.fields().get("vwap")).containsExactly(2, NaN);
    }

    // ------------------------------------------------------------------ run-time changes

    private static Panel market() {
        return Streams.nameOrdered(Panels.random(160, 9, 21));
    }

    @Test
    void sharedSubexpressionsAreOneNodeAndRemovalDropsOnlyUnsharedNodes() {
        IncrementalEvaluator evaluator = new IncrementalEvaluator(alphas("""
                alpha a = rank(delta(close, 5))
                alpha b = -rank(delta(close, 5))
                """), Groups.none(), 10);
        evaluator.step(closes(0, new String[] {"A"}, 1));
        // close, 5 is a window (no node), delta, rank, negation
        assertThat(evaluator.nodeCount()).isEqualTo(4);
        evaluator.add(alpha("c", "rank(delta(close, 5)) * delta(close, 5)"));
        assertThat(evaluator.nodeCount()).isEqualTo(5);
        evaluator.remove("a");
        assertThat(evaluator.nodeCount()).isEqualTo(5);
        evaluator.remove("b");
        assertThat(evaluator.nodeCount()).isEqualTo(4);
        evaluator.remove("c");
        assertThat(evaluator.nodeCount()).isZero();
        evaluator.remove("not there");
    }

    @Test
    void anAlphaAddedMidStreamEqualsBatchFromItsFirstValue() {
        Panel panel = market();
        List<CheckedAlpha> all = alphas("""
                alpha a = rank(delta(close, 5))
                alpha e = ema(close, 10)
                alpha c = rank(correlation(close, volume, 10)) + ts_rank(volume, 40) + sum(returns, 35) + product(returns + 1, 4)
                alpha d = rank(ema(close, 10))
                alpha f = indneutralize(ts_argmax(close, 30) - slope(volume, 12), IndClass.sector)
                """);
        IncrementalEvaluator evaluator = new IncrementalEvaluator(all.subList(0, 2), panel.groups(), 45);
        Map<String, double[]> streamed = Streams.stream(evaluator, panel, 0, 100, 0, new LinkedHashMap<>());
        evaluator.add(all.get(2));
        evaluator.add(all.get(3));
        evaluator.add(all.get(4));
        assertThat(evaluator.alphaNames()).containsExactly("a", "e", "c", "d", "f");
        Streams.stream(evaluator, panel, 100, panel.rows(), 0, streamed);
        // a and e ran throughout; d reuses the live ema node, which has seen the whole stream.
        assertThat(Streams.differences(panel, all.subList(0, 2), streamed, 0, panel.rows(), 0, true)).isEmpty();
        assertThat(Streams.differences(panel, List.of(all.get(3)), streamed, 100, panel.rows(), 0, true)).isEmpty();
        // c and f were warmed up on the last 45 rows: equal from their first value on (sums over
        // more than 32 rows are split into other blocks than in batch: rounding only).
        assertThat(Streams.differences(panel, List.of(all.get(2), all.get(4)), streamed, 100, panel.rows(), 1e-9,
                true)).isEmpty();
    }

    @Test
    void removingStopsAnAlphaAndReaddingWarmsItUpAgain() {
        Panel panel = market();
        List<CheckedAlpha> two = alphas("alpha a = rank(delta(close, 5))\nalpha b = ts_rank(volume, 8)\n");
        IncrementalEvaluator evaluator = new IncrementalEvaluator(two, panel.groups(), 20);
        Map<String, double[]> streamed = Streams.stream(evaluator, panel, 0, 80, 0, new LinkedHashMap<>());
        evaluator.remove("a");
        assertThat(evaluator.alphaNames()).containsExactly("b");
        CrossSectionValues without = evaluator.step(Streams.row(panel, 80, 0));
        assertThat(without.alphaNames()).containsExactly("b");
        assertThat(without.values()).hasNumberOfRows(1);
        evaluator.add(two.get(0));
        assertThat(evaluator.alphaNames()).containsExactly("b", "a");
        Streams.stream(evaluator, panel, 81, panel.rows(), 0, streamed);
        assertThat(Streams.differences(panel, two, streamed, 81, panel.rows(), 0, true)).isEmpty();
        // Replacing by name: the new formula, moved to the end.
        evaluator.add(alpha("b", "-ts_rank(volume, 8)"));
        CrossSectionValues replaced = evaluator.step(new CrossSection("2099-01-01",
                List.of(panel.symbols().get(0)), Map.of("close", new double[] {1}, "volume", new double[] {1})));
        assertThat(replaced.alphaNames()).containsExactly("a", "b");
    }

    // ------------------------------------------------------------------ state

    private static byte[] save(IncrementalEvaluator evaluator) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        evaluator.writeTo(new DataOutputStream(bytes));
        return bytes.toByteArray();
    }

    private static IncrementalEvaluator load(byte[] state, Groups groups) throws IOException {
        return IncrementalEvaluator.readFrom(new DataInputStream(new ByteArrayInputStream(state)), groups);
    }

    private static final List<CheckedAlpha> BUSY = alphas("""
            alpha a = rank(delta(close, 5)) + ema(volume, 5)
            alpha b = indneutralize(ts_max(close, 36) - med(close, 5), IndClass.sector)
            alpha c = correlation(close, volume, 40) * product(returns + 1, 3)
            alpha d = scale(decay_linear(close, 35)) + zscore(ts_rank(close, 34))
            """);

    /** An evaluator with a history of additions and removals, run to row 70: b, c, d, a active. */
    private static IncrementalEvaluator busy(Panel panel, Map<String, double[]> streamed) {
        List<CheckedAlpha> all = BUSY;
        IncrementalEvaluator evaluator = new IncrementalEvaluator(all.subList(0, 2), panel.groups(), 45);
        Streams.stream(evaluator, panel, 0, 40, 3, streamed);
        evaluator.add(all.get(2));
        evaluator.add(all.get(3));
        evaluator.remove("a");
        evaluator.add(all.get(0));
        Streams.stream(evaluator, panel, 40, 70, 3, streamed);
        return evaluator;
    }

    @Test
    void aRestoredStateContinuesExactlyAsTheUninterruptedRun() throws IOException {
        Panel panel = market();
        Map<String, double[]> uninterrupted = new LinkedHashMap<>();
        IncrementalEvaluator original = busy(panel, uninterrupted);
        IncrementalEvaluator restored = load(save(original), panel.groups());
        assertThat(restored.alphaNames()).isEqualTo(original.alphaNames());
        assertThat(save(restored)).isEqualTo(save(original));
        Streams.stream(original, panel, 70, panel.rows(), 3, uninterrupted);
        Map<String, double[]> resumed = Streams.stream(restored, panel, 70, panel.rows(), 3, new LinkedHashMap<>());
        for (String name : original.alphaNames()) {
            for (int s = 0; s < panel.symbolCount(); s++) {
                int from = s * panel.rows() + 70;
                int to = (s + 1) * panel.rows();
                assertThat(Arrays.copyOfRange(resumed.get(name), from, to)).as(name)
                        .containsExactly(Arrays.copyOfRange(uninterrupted.get(name), from, to));
            }
        }
        // The restored evaluator goes on accepting run-time changes.
        restored.add(alpha("z", "rank(close)"));
        assertThat(restored.alphaNames()).endsWith("z");
    }

    @Test
    void aStateSavedBeforeTheFirstCrossSectionRestores() throws IOException {
        IncrementalEvaluator fresh = new IncrementalEvaluator(List.of(alpha("d", "delta(close, 1)")), Groups.none(), 3);
        IncrementalEvaluator restored = load(save(fresh), Groups.none());
        restored.step(closes(0, new String[] {"A"}, 10));
        assertThat(restored.step(closes(1, new String[] {"A"}, 12)).valuesOf("d")).containsExactly(2);
    }

    @Test
    void aForeignOrNewerStateIsRefused() throws IOException {
        byte[] state = save(new IncrementalEvaluator(List.of(), Groups.none(), 3));
        byte[] newer = state.clone();
        newer[7] = 9;
        assertThatThrownBy(() -> load(newer, Groups.none())).isInstanceOf(IOException.class)
                .hasMessageContaining("format 9 is not supported");
        byte[] foreign = state.clone();
        foreign[0] = 'x';
        assertThatThrownBy(() -> load(foreign, Groups.none())).isInstanceOf(IOException.class)
                .hasMessageContaining("not a saved incremental evaluator state");
    }

    @Test
    void aCopyIsIndependentOfItsOriginal() {
        Panel panel = market();
        Map<String, double[]> streamed = new LinkedHashMap<>();
        IncrementalEvaluator original = busy(panel, streamed);
        IncrementalEvaluator copy = original.copy();
        IncrementalEvaluator twin = original.copy();
        // The copies see other data (prices + 1) and other alphas; the original must not notice.
        CrossSectionValues last = null;
        for (int t = 70; t < 90; t++) {
            CrossSection real = Streams.row(panel, t, 0);
            Map<String, double[]> shifted = new LinkedHashMap<>();
            real.fields().forEach((f, v) -> shifted.put(f, Arrays.stream(v).map(x -> x + 1).toArray()));
            CrossSection other = new CrossSection(real.timestamp(), real.symbols(), shifted);
            last = copy.step(other);
            CrossSectionValues same = twin.step(other);
            assertThat(Arrays.deepEquals(boxed(same.values()), boxed(last.values()))).isTrue();
        }
        copy.remove("b");
        copy.add(alpha("y", "ts_min(low, 3)"));
        assertThat(copy.alphaNames()).containsExactly("c", "d", "a", "y");
        assertThat(original.alphaNames()).containsExactly("b", "c", "d", "a");
        Streams.stream(original, panel, 70, panel.rows(), 3, streamed);
        // b ran from row 0: exact; c, d, a were added at row 40 (block rounding only).
        assertThat(Streams.differences(panel, BUSY.subList(1, 2), streamed, 70, panel.rows(), 0, true)).isEmpty();
        assertThat(Streams.differences(panel, BUSY, streamed, 70, panel.rows(), 1e-9, true)).isEmpty();
        // The copies really did see other data: their last row differs from the original's.
        double[] originalLast = new double[last.symbols().size()];
        for (int i = 0; i < originalLast.length; i++) {
            originalLast[i] = streamed.get("a")[panel.symbolIndex(last.symbols().get(i)) * panel.rows() + 89];
        }
        assertThat(last.valuesOf("a")).isNotEqualTo(originalLast);
    }

    /** Boxed, so that NaN equals NaN (Double.equals) in a deep comparison. */
    private static Double[][] boxed(double[][] values) {
        return Arrays.stream(values).map(row -> Arrays.stream(row).boxed().toArray(Double[]::new))
                .toArray(Double[][]::new);
    }

    @Test
    void theStateDoesNotGrowWithTheStreamsLength() throws IOException {
        Panel panel = Streams.nameOrdered(Panels.random(400, 9, 4));
        IncrementalEvaluator evaluator = new IncrementalEvaluator(
                alphas("alpha a = rank(correlation(close, volume, 40)) + ts_rank(close, 50) + ema(close, 50)\n"),
                panel.groups(), 60);
        Streams.stream(evaluator, panel, 0, 250, 0, new LinkedHashMap<>());
        int early = save(evaluator).length;
        Streams.stream(evaluator, panel, 250, 400, 0, new LinkedHashMap<>());
        assertThat(save(evaluator).length).isEqualTo(early);
    }
}
