package io.quarry.dsl.canon;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.dsl.ast.BinaryOp;
import io.quarry.dsl.ast.Expr;
import io.quarry.dsl.check.CheckedAlpha;
import io.quarry.dsl.check.Checker;
import io.quarry.dsl.parse.Definition;
import io.quarry.dsl.parse.Parser;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Laws of the printer and the canonical form, on random trees. */
class RoundTripPropertyTest {

    private static final List<String> FIELDS = List.of("open", "high", "low", "close", "volume", "vwap", "returns");

    @Property(tries = 500)
    void parseOfPrintIsTheSameTree(@ForAll("syntaxTrees") Expr tree) {
        assertThat(Parser.parseExpression(Printer.print(tree))).isEqualTo(tree);
    }

    @Property(tries = 300)
    void canonicalFormIsAFixedPoint(@ForAll("checkableFormulas") Expr tree) {
        Checker checker = Checker.standard();
        CheckedAlpha once = checker.checkExpression("a", Printer.print(tree), Definition.Kind.ALPHA);
        CheckedAlpha twice = checker.checkExpression("a", once.canonicalText(), Definition.Kind.ALPHA);
        assertThat(twice.canonicalText()).isEqualTo(once.canonicalText());
        assertThat(twice.hash()).isEqualTo(once.hash());
    }

    /** Any tree the parser can make: any operators, any call names, non-negative literals. */
    @Provide
    Arbitrary<Expr> syntaxTrees() {
        return syntaxTree(5);
    }

    private Arbitrary<Expr> syntaxTree(int depth) {
        Arbitrary<Expr> leaf = Arbitraries.oneOf(
                Arbitraries.integers().between(0, 1000).map(i -> new Expr.Num(i / 8.0)),
                Arbitraries.of(FIELDS).map(Expr.Field::new));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<Expr> sub = Arbitraries.lazy(() -> syntaxTree(depth - 1));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, leaf),
                net.jqwik.api.Tuple.of(1, sub.map(Expr.Neg::new)),
                net.jqwik.api.Tuple.of(3, Arbitraries.of(BinaryOp.values()).flatMap(op ->
                        sub.tuple2().map(t -> (Expr) new Expr.Binary(op, t.get1(), t.get2())))),
                net.jqwik.api.Tuple.of(1, sub.tuple3().map(t -> (Expr) new Expr.Ternary(t.get1(), t.get2(), t.get3()))),
                net.jqwik.api.Tuple.of(1, sub.list().ofMaxSize(3).map(args -> (Expr) new Expr.Call("f", args))));
    }

    /** Trees that pass the checker: known operators with constant windows. */
    @Provide
    Arbitrary<Expr> checkableFormulas() {
        return checkable(4);
    }

    private Arbitrary<Expr> checkable(int depth) {
        Arbitrary<Expr> leaf = Arbitraries.oneOf(
                Arbitraries.integers().between(0, 20).map(i -> new Expr.Num(i / 4.0)),
                Arbitraries.of(FIELDS).map(Expr.Field::new));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<Expr> sub = Arbitraries.lazy(() -> checkable(depth - 1));
        Arbitrary<Expr> windows = Arbitraries.integers().between(1, 30).map(i -> new Expr.Num(i));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, leaf),
                net.jqwik.api.Tuple.of(1, sub.map(Expr.Neg::new)),
                net.jqwik.api.Tuple.of(2, Arbitraries.of(BinaryOp.values()).flatMap(op ->
                        sub.tuple2().map(t -> (Expr) new Expr.Binary(op, t.get1(), t.get2())))),
                net.jqwik.api.Tuple.of(1, sub.tuple3().map(t -> (Expr) new Expr.Ternary(t.get1(), t.get2(), t.get3()))),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("rank", "abs", "sign", "zscore", "log").flatMap(fn ->
                        sub.map(x -> (Expr) new Expr.Call(fn, List.of(x))))),
                net.jqwik.api.Tuple.of(2, Arbitraries.of("ts_rank", "delta", "mean", "stddev", "max", "decay_linear")
                        .flatMap(fn -> sub.flatMap(x -> windows.map(d -> (Expr) new Expr.Call(fn, List.of(x, d)))))),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("corr", "greater", "less").flatMap(fn ->
                        sub.tuple2().map(t -> (Expr) (fn.equals("corr")
                                ? new Expr.Call(fn, List.of(t.get1(), t.get2(), new Expr.Num(5)))
                                : new Expr.Call(fn, List.of(t.get1(), t.get2())))))));
    }
}
