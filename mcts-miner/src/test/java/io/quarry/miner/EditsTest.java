package io.quarry.miner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.quarry.dsl.ast.Expr;
import io.quarry.dsl.canon.Printer;
import io.quarry.dsl.check.Checker;
import io.quarry.dsl.parse.Definition;
import io.quarry.dsl.parse.Limits;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The one-step edits the refinement tree proposes, against their outcomes listed by hand. */
class EditsTest {

    private final Vocabulary v = Vocabulary.standard(false);
    private final Edits edits = new Edits(v, 15);

    private static Expr ts(String op, Expr x, int window) {
        return new Expr.Call(op, List.of(x, new Expr.Num(window)));
    }

    @Test
    void aPointEditChangesOneFieldWindowOrOperatorIntoAnotherOfItsKind() {
        Expr f = ts("delta", new Expr.Field("close"), 5);
        Set<String> expected = new HashSet<>();
        for (String field : Vocabulary.FIELDS) {
            if (!field.equals("close")) {
                expected.add(Printer.print(ts("delta", new Expr.Field(field), 5)));
            }
        }
        for (int w : Vocabulary.WINDOWS) {
            if (w != 5) {
                expected.add(Printer.print(ts("delta", new Expr.Field("close"), w)));
            }
        }
        for (String op : Vocabulary.TS) {
            if (!op.equals("delta")) {
                expected.add(Printer.print(ts(op, new Expr.Field("close"), 5)));
            }
        }
        assertThat(expected).hasSize(6 + 7 + 19);
        SplittableRandom rng = new SplittableRandom(1);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 3000; i++) {
            seen.add(Printer.print(edits.point(f, rng)));
        }
        assertThat(seen).isEqualTo(expected);
    }

    @Test
    void aWindowEditKeepsTheOperatorsShortestWindow() {
        // skew needs 3 rows: of the windows 1 2 3 5 10 20 40 60 other than its own 3, it may take 5 and up.
        Expr f = ts("skew", new Expr.Field("open"), 3);
        SplittableRandom rng = new SplittableRandom(2);
        Set<Integer> windows = new HashSet<>();
        for (int i = 0; i < 3000; i++) {
            Expr e = edits.point(f, rng);
            if (e instanceof Expr.Call c && c.function().equals("skew")
                    && c.args().get(0).equals(new Expr.Field("open"))) {
                windows.add((int) ((Expr.Num) c.args().get(1)).value());
            }
        }
        assertThat(windows).containsExactlyInAnyOrder(5, 10, 20, 40, 60);
    }

    @Test
    void hoistReplacesASubtreeByOneOfItsOwn() {
        Expr delta = ts("delta", new Expr.Field("close"), 5);
        Expr f = new Expr.Call("rank", List.of(delta));
        SplittableRandom rng = new SplittableRandom(3);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            seen.add(Printer.print(edits.hoist(f, rng)));
        }
        assertThat(seen).containsExactlyInAnyOrder("delta(close, 5)", "close", "rank(close)");
        assertThat(edits.hoist(new Expr.Field("close"), rng)).isEqualTo(new Expr.Field("close"));
    }

    @Test
    void combinePairsASubtreeWithAFieldByABinaryOrTwoSeriesOperator() {
        Expr close = new Expr.Field("close");
        Set<String> expected = new HashSet<>();
        for (String field : Vocabulary.FIELDS) {
            Expr other = new Expr.Field(field);
            for (String op : Vocabulary.BINARY) {
                Token t = v.get(v.indexOf(op));
                expected.add(Printer.print(t.build(List.of(close, other))));
                expected.add(Printer.print(t.build(List.of(other, close))));
            }
            for (String op : Vocabulary.TS2) {
                for (int w : Vocabulary.WINDOWS) {
                    if (w >= 2) {
                        expected.add(Printer.print(new Expr.Call(op, List.of(close, other, new Expr.Num(w)))));
                        expected.add(Printer.print(new Expr.Call(op, List.of(other, close, new Expr.Num(w)))));
                    }
                }
            }
        }
        // Six operators by seven fields on two sides, less the six where the field is close itself;
        // two operators by seven windows of 2 and up, the same way.
        assertThat(expected).hasSize(6 * 13 + 2 * 7 * 13);
        SplittableRandom rng = new SplittableRandom(5);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 20000; i++) {
            seen.add(Printer.print(edits.combine(close, rng)));
        }
        assertThat(seen).isEqualTo(expected);
    }

    @Test
    void withOnlyOneDayWindowsEditsUseNoOtherWindow() {
        // Of the time-series operators only delay and delta take a window of 1; correlation needs 2.
        Edits oneDay = new Edits(Vocabulary.standard(false, Vocabulary.FIELDS, List.of(1)), 15);
        Expr f = ts("delta", new Expr.Field("close"), 1);
        SplittableRandom rng = new SplittableRandom(6);
        for (int i = 0; i < 2000; i++) {
            Expr e = oneDay.edit(f, rng);
            assertThat(windows(e)).as(Printer.print(e)).allMatch(w -> w == 1);
            assertThat(Printer.print(e)).doesNotContain("correlation", "covariance");
        }
    }

    /** The windows of the time-series operators in a formula. */
    private static List<Integer> windows(Expr e) {
        List<Integer> out = new ArrayList<>();
        if (e instanceof Expr.Call c && (Vocabulary.TS.contains(c.function()) || Vocabulary.TS2.contains(c.function()))) {
            out.add((int) ((Expr.Num) c.args().get(c.args().size() - 1)).value());
        }
        e.children().forEach(child -> out.addAll(windows(child)));
        return out;
    }

    @Test
    void everyEditIsAWellTypedFormulaWithinTheLengthLimit() {
        Checker checker = new Checker(Limits.DEFAULT, Set.of());
        SearchSpace space = new SearchSpace(v, 15, Set.of(), 1000);
        SplittableRandom rng = new SplittableRandom(4);
        int changed = 0;
        for (int i = 0; i < 2000; i++) {
            Expr f = Policy.rollout(space.start(), Policy.uniform(), rng).toExpr();
            Expr e = edits.edit(f, rng);
            assertThat(GeneticProgramming.size(e)).isLessThanOrEqualTo(15);
            assertThatCode(() -> checker.checkExpression("e", Printer.print(e), Definition.Kind.ALPHA))
                    .as(Printer.print(f) + " -> " + Printer.print(e)).doesNotThrowAnyException();
            changed += e.equals(f) ? 0 : 1;
        }
        assertThat(changed).isGreaterThan(1900);
    }
}
