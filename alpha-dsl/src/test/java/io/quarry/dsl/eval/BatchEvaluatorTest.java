package io.quarry.dsl.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.quarry.dsl.ast.Expr;
import io.quarry.dsl.check.CheckedAlpha;
import io.quarry.dsl.check.Checker;
import io.quarry.dsl.parse.Definition;
import io.quarry.dsl.parse.Limits;
import io.quarry.dsl.parse.Source;
import io.quarry.dsl.panel.Groups;
import io.quarry.dsl.panel.Panel;
import io.quarry.dsl.testing.Panels;
import io.quarry.dsl.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tests for {@link BatchEvaluator}: whole formulas on small hand-made markets. */
class BatchEvaluatorTest {

    private static final double NaN = Double.NaN;

    /**
     * 4 rows x 3 symbols. S2 lists at row 1; S1 has no bar at row 2. Sectors: S0, S1 in "A", S2 in "B".
     */
    private static Panel market() {
        Map<String, double[][]> f = new LinkedHashMap<>();
        f.put("open", new double[][] {{10, 20, NaN}, {11, 19, 5}, {12, NaN, 6}, {12, 22, 7}});
        f.put("high", new double[][] {{11, 21, NaN}, {12, 21, 6}, {13, NaN, 7}, {14, 23, 8}});
        f.put("low", new double[][] {{9, 19, NaN}, {10, 18, 4}, {11, NaN, 5}, {11, 20, 6}});
        f.put("close", new double[][] {{10, 20, NaN}, {11, 20, 5}, {12, NaN, 6}, {13, 22, 7}});
        f.put("volume", new double[][] {{100, 200, NaN}, {100, 300, 50}, {200, NaN, 60}, {300, 100, 70}});
        Groups sectors = new Groups(Map.of("S0", List.of("A"), "S1", List.of("A"), "S2", List.of("B")), 1);
        return Panels.of(f, sectors);
    }

    private static double[][] eval(Panel panel, String formula) {
        CheckedAlpha alpha = Checker.standard().checkExpression("a", formula, Definition.Kind.ALPHA);
        double[] v = new BatchEvaluator(2).evaluate(panel, List.of(alpha)).values("a");
        double[][] byRow = new double[panel.rows()][panel.symbolCount()];
        for (int t = 0; t < panel.rows(); t++) {
            for (int s = 0; s < panel.symbolCount(); s++) {
                byRow[t][s] = v[s * panel.rows() + t];
            }
        }
        return byRow;
    }

    /** The WQ101 file's alphas that the panel's fields allow (all but #56, which needs 'cap'). */
    private static List<CheckedAlpha> wqSet(Panel panel) throws IOException {
        return new Checker(Limits.DEFAULT, panel.fieldNames())
                .check(new Source("wq101.alpha", Files.readString(SharedData.repoRoot().resolve("alphas/wq101.alpha"))))
                .orThrow().stream().filter(a -> !a.fields().contains("cap")).toList();
    }

    private static void assertRows(double[][] actual, double[][] expected) {
        for (int t = 0; t < expected.length; t++) {
            for (int s = 0; s < expected[t].length; s++) {
                if (Double.isNaN(expected[t][s])) {
                    assertThat(actual[t][s]).as("row %d symbol %d", t, s).isNaN();
                } else {
                    assertThat(actual[t][s]).as("row %d symbol %d", t, s).isCloseTo(expected[t][s], within(1e-12));
                }
            }
        }
    }

    @Test
    void elementwiseArithmeticWithNaNAndDivisionByZero() {
        // close - open: S0 rows 0..3 = 0, 0, 0, 1; S1 = 0, 1, NaN, 0; S2 = NaN, 0, 0, 0.
        assertRows(eval(market(), "close - open"),
                new double[][] {{0, 0, NaN}, {0, 1, 0}, {0, NaN, 0}, {1, 0, 0}});
        // (close - open) / (close - open): 0/0 -> NaN; 1/1 -> 1.
        assertRows(eval(market(), "(close - open) / (close - open)"),
                new double[][] {{NaN, NaN, NaN}, {NaN, 1, NaN}, {NaN, NaN, NaN}, {1, NaN, NaN}});
        // 1 / (close - open): 1/0 = inf -> NaN.
        assertRows(eval(market(), "1 / (close - open)"),
                new double[][] {{NaN, NaN, NaN}, {NaN, 1, NaN}, {NaN, NaN, NaN}, {1, NaN, NaN}});
        // A negative zero stays one (it is finite): row 1 S1 has open - close = -1, times 0 is -0.0.
        assertThat(1 / eval(market(), "(open - close) * 0")[1][1]).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(1 / eval(market(), "(close - open) * 0")[1][1]).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void aNumberOnEitherSideOfAnArithmeticOperator() {
        // close: S0 = 10, 11, 12, 13; S1 = 20, 20, NaN, 22; S2 = NaN, 5, 6, 7.
        assertRows(eval(market(), "100 - close"),
                new double[][] {{90, 80, NaN}, {89, 80, 95}, {88, NaN, 94}, {87, 78, 93}});
        assertRows(eval(market(), "close - 100"),
                new double[][] {{-90, -80, NaN}, {-89, -80, -95}, {-88, NaN, -94}, {-87, -78, -93}});
        assertRows(eval(market(), "60 / close"),
                new double[][] {{6, 3, NaN}, {60.0 / 11, 3, 12}, {5, NaN, 10}, {60.0 / 13, 60.0 / 22, 60.0 / 7}});
        assertRows(eval(market(), "close / 4"),
                new double[][] {{2.5, 5, NaN}, {2.75, 5, 1.25}, {3, NaN, 1.5}, {3.25, 5.5, 1.75}});
        assertRows(eval(market(), "2 + close * -1"),
                new double[][] {{-8, -18, NaN}, {-9, -18, -3}, {-10, NaN, -4}, {-11, -20, -5}});
        // A number over zero is infinite: NaN, as with two series.
        assertRows(eval(market(), "1 / (close - close)"),
                new double[][] {{NaN, NaN, NaN}, {NaN, NaN, NaN}, {NaN, NaN, NaN}, {NaN, NaN, NaN}});
    }

    @Test
    void elementwiseFunctionsGiveNaNWhereUndefined() {
        // Row 1, S0: close - open = 0, S1: 1, S2: 0. Row 3, S0: 1, S1: 0, S2: 0.
        double[][] logOfDifference = eval(market(), "log(close - open)");
        assertThat(logOfDifference[1][1]).isEqualTo(0.0);
        assertThat(logOfDifference[1][0]).isNaN();
        assertThat(eval(market(), "sqrt(open - close)")[1][1]).isNaN();
        assertThat(eval(market(), "sqrt(close - open)")[3][0]).isEqualTo(1.0);
        // 0 ^ -1 is infinite -> NaN; (-8) ^ (1/3) has no real value -> NaN.
        assertThat(eval(market(), "(close - open) ^ -1")[1][0]).isNaN();
        assertThat(eval(market(), "(-8 + 0 * close) ^ (1 / 3)")[1][0]).isNaN();
        // A missing input stays missing even where the power would not depend on it: NaN ^ 0.
        assertThat(eval(market(), "delay(close, 1) ^ 0")[0][0]).isNaN();
        assertThat(eval(market(), "signedpower(delay(close, 1), 0)")[0][0]).isNaN();
        // signedpower(x, 2) keeps the sign: row 1 S1 has open - close = -1 -> -1; S0 close - open... 0.
        assertThat(eval(market(), "signedpower(open - close - 1, 2)")[1][1]).isEqualTo(-4.0);
        assertThat(eval(market(), "sign(open - close)")[1]).containsExactly(0.0, -1.0, 0.0);
        assertThat(eval(market(), "abs(open - close)")[1]).containsExactly(0.0, 1.0, 0.0);
        // greater/less are NaN where either input is: delay(close, 1) is NaN on row 0.
        assertThat(eval(market(), "greater(close, delay(close, 1))")[0][0]).isNaN();
        assertThat(eval(market(), "greater(close, open)")[1]).containsExactly(11.0, 20.0, 5.0);
        assertThat(eval(market(), "less(close, open)")[1]).containsExactly(11.0, 19.0, 5.0);
        assertThat(eval(market(), "max(close, open)")[1]).containsExactly(11.0, 20.0, 5.0);
    }

    @Test
    void infiniteDataValuesAreMissingValues() {
        Map<String, double[][]> f = new LinkedHashMap<>();
        double inf = Double.POSITIVE_INFINITY;
        f.put("close", new double[][] {{1, 2}, {inf, 3}, {2, 4}});
        Panel panel = Panels.of(f, Groups.none());
        assertThat(panel.hasInfinities("close")).isTrue();
        assertThat(market().hasInfinities("close")).isFalse();
        // As NaN: the comparison is NaN, the sum's window holds a missing value, the rank skips it.
        assertThat(eval(panel, "close > 0")[1]).containsExactly(NaN, 1.0);
        assertThat(eval(panel, "sum(close, 2)")[2]).containsExactly(NaN, 7.0);
        assertThat(eval(panel, "rank(close)")[1]).containsExactly(NaN, 1.0);
        assertThat(eval(panel, "close")[1][0]).isNaN();
    }

    @Test
    void aSymbolWithoutABarIsNaNEvenForAConstantOrACarriedValue() {
        assertRows(eval(market(), "1"), new double[][] {{1, 1, NaN}, {1, 1, 1}, {1, NaN, 1}, {1, 1, 1}});
        // delay(close, 1) of S1 at row 2 would be 20, but S1 has no bar there.
        assertRows(eval(market(), "delay(close, 1)"),
                new double[][] {{NaN, NaN, NaN}, {10, 20, NaN}, {11, NaN, 5}, {12, NaN, 6}});
    }

    @Test
    void derivedFieldsReturnsVwapAndAdv() {
        // returns = close / delay(close, 1) - 1; S0 row 1: 11/10 - 1 = 0.1; row 3: 13/12 - 1.
        assertRows(eval(market(), "returns"),
                new double[][] {{NaN, NaN, NaN}, {0.1, 0, NaN}, {1.0 / 11, NaN, 0.2}, {1.0 / 12, NaN, 1.0 / 6}});
        // vwap = (high + low + close) / 3; S0 row 0: (11 + 9 + 10) / 3 = 10.
        assertThat(eval(market(), "vwap")[0][0]).isCloseTo(10, within(1e-12));
        // adv2 = mean(volume, 2); S0 row 1: (100 + 100) / 2; S1 row 3: window holds NaN -> NaN.
        assertRows(eval(market(), "adv2"),
                new double[][] {{NaN, NaN, NaN}, {100, 250, NaN}, {150, NaN, 55}, {250, NaN, 65}});
    }

    @Test
    void comparisonsLogicAndTernaryFollowTheNaNRules() {
        // close > open: 1/0, NaN where either is NaN.
        assertRows(eval(market(), "close > open"),
                new double[][] {{0, 0, NaN}, {0, 1, 0}, {0, NaN, 0}, {1, 0, 0}});
        // (close > open) || (volume > 150)
        assertRows(eval(market(), "(close > open) || (volume > 150)"),
                new double[][] {{0, 1, NaN}, {0, 1, 0}, {1, NaN, 0}, {1, 0, 0}});
        // NaN condition -> NaN even though both branches are numbers.
        assertRows(eval(market(), "delay(close, 1) > 10 ? 1 : 2"),
                new double[][] {{NaN, NaN, NaN}, {2, 1, NaN}, {1, NaN, 2}, {1, NaN, 2}});
    }

    @Test
    void crossSectionalRankCountsOnlyPresentValues() {
        // Row 0: S0=10, S1=20 (S2 absent) -> 1/2, 2/2. Row 2: S0=12, S2=6 -> 1, 0.5.
        assertRows(eval(market(), "rank(close)"),
                new double[][] {{0.5, 1, NaN}, {2.0 / 3, 1, 1.0 / 3}, {1, NaN, 0.5}, {2.0 / 3, 1, 1.0 / 3}});
    }

    @Test
    void indneutralizeSubtractsTheSectorMean() {
        // Row 1: sector A = {S0: 11, S1: 20}, mean 15.5 -> -4.5, 4.5; sector B = {S2: 5} -> 0.
        double[][] v = eval(market(), "indneutralize(close, IndClass.sector)");
        assertThat(v[1]).containsExactly(-4.5, 4.5, 0.0);
    }

    @Test
    void groupLevelFallbackIsWarnedOnce() {
        CheckedAlpha a = Checker.standard().checkExpression("a", "indneutralize(close, IndClass.subindustry)"
                + " + indneutralize(open, IndClass.subindustry)", Definition.Kind.ALPHA);
        Evaluation e = new BatchEvaluator(1).evaluate(market(), List.of(a));
        assertThat(e.warnings()).containsExactly("IndClass.subindustry is not in the group table: using sector");
    }

    @Test
    void aMissingFieldFailsOnlyItsAlphaWithAClearMessage() {
        List<CheckedAlpha> alphas = Checker.standard().check(new Source("f.alpha",
                "alpha ok = rank(close)\nalpha needsCap = rank(returns * cap)\nalpha ok2 = close\n")).orThrow();
        Evaluation e = new BatchEvaluator(2).evaluate(market(), alphas);
        assertThat(e.alphas()).extracting(EvaluatedAlpha::ok).containsExactly(true, false, true);
        assertThat(e.alphas().get(1).error()).startsWith("field 'cap' is not in the data");
        // The panel's own arrays are never handed out as alpha values (they get masked).
        assertThat(e.values("ok2")).isNotSameAs(market().values("close"));
    }

    @Test
    void sharedSubexpressionsGiveIdenticalResultsToSeparateEvaluation() {
        Panel panel = Panels.random(80, 12, 3);
        List<CheckedAlpha> alphas = Checker.standard().check(new Source("s.alpha", """
                alpha a = rank(correlation(close, adv20, 10))
                alpha b = rank(correlation(close, adv20, 10)) * rank(volume)
                alpha c = ts_rank(adv20, 5)
                """)).orThrow();
        Evaluation together = new BatchEvaluator(2).evaluate(panel, alphas);
        for (CheckedAlpha alpha : alphas) {
            double[] alone = new BatchEvaluator(1).evaluate(panel, List.of(alpha)).values(alpha.name());
            assertThat(together.values(alpha.name())).containsExactly(alone);
        }
    }

    @Test
    void theWqSetGivesTheSameBitsOnOneThreadAsWithNodesRunningConcurrently() throws IOException {
        // 101 alphas make ~1000 nodes: with several threads they run concurrently, whole nodes per
        // thread, in an order that changes from run to run; on one thread, one after the other.
        Panel panel = Panels.random(150, 40, 11);
        List<CheckedAlpha> alphas = wqSet(panel);
        Evaluation sequential = new BatchEvaluator(1).evaluate(panel, alphas);
        for (int run = 0; run < 3; run++) {
            Evaluation concurrent = new BatchEvaluator(3).evaluate(panel, alphas);
            assertThat(concurrent.warnings()).isEqualTo(sequential.warnings());
            for (CheckedAlpha alpha : alphas) {
                double[] expected = sequential.values(alpha.name());
                double[] actual = concurrent.values(alpha.name());
                for (int i = 0; i < expected.length; i++) {
                    assertThat(Double.isNaN(actual[i])).as("%s cell %d", alpha.name(), i).isEqualTo(Double.isNaN(expected[i]));
                    if (!Double.isNaN(expected[i])) {
                        assertThat(actual[i]).as("%s cell %d", alpha.name(), i).isEqualTo(expected[i]);
                    }
                }
            }
        }
    }

    @Test
    void arraysRecycledThroughTheCacheAreOverwrittenWhateverTheyHold() throws IOException {
        // The miner's cache hands back arrays of earlier batches: here each one handed out is
        // filled with junk first, and the WQ set must still give the bits of a fresh evaluation.
        Panel panel = Panels.random(150, 40, 11);
        List<CheckedAlpha> alphas = wqSet(panel);
        ArrayDeque<double[]> handedBack = new ArrayDeque<>();
        int[] reused = new int[1];
        BatchEvaluator.NodeCache recycling = sparesOnly(() -> {
            double[] array = handedBack.poll();
            if (array != null) {
                Arrays.fill(array, reused[0]++ % 2 == 0 ? 1e300 : NaN);
            }
            return array;
        }, handedBack::push);
        BatchEvaluator evaluator = new BatchEvaluator(1);
        Evaluation fresh = evaluator.evaluate(panel, alphas);
        evaluator.evaluate(panel, alphas, recycling).alphas().forEach(a -> recycling.recycle(a.values()));
        assertThat(handedBack).hasSizeGreaterThan(alphas.size());
        Evaluation recycled = evaluator.evaluate(panel, alphas, recycling);
        assertThat(reused[0]).isGreaterThan(alphas.size());
        for (CheckedAlpha alpha : alphas) {
            assertThat(recycled.values(alpha.name())).as(alpha.name()).containsExactly(fresh.values(alpha.name()));
        }
    }

    @Test
    void everyOperatorTheMinerUsesWritesEveryCellOfARecycledArray() {
        // The miner's searches compute into arrays of earlier batches, so an operator that left a
        // cell as it found it would make a candidate's value depend on which array it got. Every
        // time-series operator at every window the miner draws, and the other operators it uses,
        // on arguments with missing values and ties, computed into arrays full of junk.
        Panel panel = Panels.random(150, 40, 12);
        List<String> arguments = List.of("close", "returns", "rank(returns)", "sign(returns)", "volume / delay(volume, 3)");
        List<String> formulas = new java.util.ArrayList<>();
        for (String x : arguments) {
            for (String op : List.of("delay", "delta", "sum", "mean", "ts_min", "ts_max", "med", "mad", "stddev", "var",
                    "skew", "kurt", "ts_rank", "ts_argmax", "ts_argmin", "decay_linear", "ema", "slope", "rsquare", "resi")) {
                for (int window : new int[] {1, 2, 3, 5, 10, 20, 40, 60}) {
                    formulas.add(op + "(" + x + ", " + window + ")");
                }
            }
            for (int window : new int[] {2, 3, 5, 10, 20, 40, 60}) {
                formulas.add("correlation(" + x + ", volume, " + window + ")");
                formulas.add("covariance(" + x + ", high, " + window + ")");
            }
            for (String op : List.of("rank", "zscore", "log", "sqrt", "abs", "-", "sign")) {
                formulas.add(op + "(" + x + ")");
            }
            formulas.addAll(List.of("greater(" + x + ", open)", "less(" + x + ", 0.5)", x + " / open", "2 - " + x,
                    x + " * " + x, "indneutralize(" + x + ", IndClass.sector)"));
        }
        List<CheckedAlpha> alphas = new java.util.ArrayList<>();
        for (int i = 0; i < formulas.size(); i++) {
            alphas.add(Checker.standard().checkExpression("f" + i, formulas.get(i), Definition.Kind.ALPHA));
        }
        java.util.SplittableRandom junk = new java.util.SplittableRandom(3);
        int[] handedOut = new int[1];
        BatchEvaluator.NodeCache junkArrays = sparesOnly(() -> {
            handedOut[0]++;
            double[] array = new double[panel.symbolCount() * panel.rows()];
            for (int i = 0; i < array.length; i++) {
                int kind = junk.nextInt(4);
                array[i] = kind == 0 ? NaN : kind == 1 ? 0 : kind == 2 ? 1e300 : junk.nextDouble();
            }
            return array;
        }, array -> { });
        BatchEvaluator evaluator = new BatchEvaluator(1);
        Evaluation fresh = evaluator.evaluate(panel, alphas);
        Evaluation recycled = evaluator.evaluate(panel, alphas, junkArrays);
        assertThat(handedOut[0]).isGreaterThan(alphas.size());
        for (int i = 0; i < alphas.size(); i++) {
            assertThat(recycled.values("f" + i)).as(formulas.get(i)).containsExactly(fresh.values("f" + i));
        }
    }

    /** A cache that keeps no subtree: it only hands out {@code spare}s and takes back arrays. */
    private static BatchEvaluator.NodeCache sparesOnly(java.util.function.Supplier<double[]> spare,
                                                       java.util.function.Consumer<double[]> recycle) {
        return new BatchEvaluator.NodeCache() {
            @Override
            public double[] get(Expr subtree) {
                return null;
            }

            @Override
            public boolean offer(Expr subtree, double[] values, long costNanos) {
                return false;
            }

            @Override
            public double[] spare() {
                return spare.get();
            }

            @Override
            public void recycle(double[] array) {
                recycle.accept(array);
            }
        };
    }

    @Test
    void labelsMayLookForward() {
        CheckedAlpha label = Checker.standard().checkExpression("fwd", "delay(close, -1) / close - 1",
                Definition.Kind.LABEL);
        double[] v = new BatchEvaluator(1).evaluate(market(), List.of(label)).values("fwd");
        // S0 row 0: 11 / 10 - 1 = 0.1; last row has no future -> NaN.
        assertThat(v[0]).isCloseTo(0.1, within(1e-15));
        assertThat(v[3]).isNaN();
    }
}
