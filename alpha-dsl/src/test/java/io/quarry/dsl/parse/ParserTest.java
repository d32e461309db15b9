package io.quarry.dsl.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.dsl.ast.BinaryOp;
import io.quarry.dsl.ast.Expr;
import io.quarry.dsl.ast.Expr.Binary;
import io.quarry.dsl.ast.Expr.Call;
import io.quarry.dsl.ast.Expr.Field;
import io.quarry.dsl.ast.Expr.Neg;
import io.quarry.dsl.ast.Expr.Num;
import io.quarry.dsl.ast.Expr.Ternary;
import io.quarry.dsl.panel.GroupLevel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tests for {@link Parser}. */
class ParserTest {

    private static Expr parse(String text) {
        return Parser.parseExpression(text);
    }

    private static Field f(String name) {
        return new Field(name);
    }

    private static Num n(double v) {
        return new Num(v);
    }

    @Test
    void numbersInEveryWrittenForm() {
        assertThat(parse("2.")).isEqualTo(n(2));
        assertThat(parse(".001")).isEqualTo(n(0.001));
        assertThat(parse("1e-3")).isEqualTo(n(0.001));
        assertThat(parse("2.5E2")).isEqualTo(n(250));
    }

    @Test
    void fieldsWithOrWithoutDollarAreLowerCase() {
        assertThat(parse("$close")).isEqualTo(f("close"));
        assertThat(parse("Close")).isEqualTo(f("close"));
    }

    @Test
    void unaryMinusBindsLooserThanPower() {
        assertThat(parse("-2^2")).isEqualTo(new Neg(new Binary(BinaryOp.POW, n(2), n(2))));
    }

    @Test
    void powerIsRightAssociativeAndTakesUnaryExponent() {
        assertThat(parse("2^3^2")).isEqualTo(new Binary(BinaryOp.POW, n(2), new Binary(BinaryOp.POW, n(3), n(2))));
        assertThat(parse("2^-1")).isEqualTo(new Binary(BinaryOp.POW, n(2), new Neg(n(1))));
    }

    @Test
    void multiplicationBindsTighterThanAdditionAndBothAssociateLeft() {
        assertThat(parse("a - b - c")).isEqualTo(
                new Binary(BinaryOp.SUB, new Binary(BinaryOp.SUB, f("a"), f("b")), f("c")));
        assertThat(parse("a + b * c")).isEqualTo(
                new Binary(BinaryOp.ADD, f("a"), new Binary(BinaryOp.MUL, f("b"), f("c"))));
        assertThat(parse("a / b * c")).isEqualTo(
                new Binary(BinaryOp.MUL, new Binary(BinaryOp.DIV, f("a"), f("b")), f("c")));
    }

    @Test
    void precedenceLadderFromTernaryToArithmetic() {
        // a || b && c == d < e + f  groups as  a || (b && (c == (d < (e + f))))
        Expr expected = new Binary(BinaryOp.OR, f("a"), new Binary(BinaryOp.AND, f("b"),
                new Binary(BinaryOp.EQ, f("c"), new Binary(BinaryOp.LT, f("d"),
                        new Binary(BinaryOp.ADD, f("e"), f("f"))))));
        assertThat(parse("a || b && c == d < e + f")).isEqualTo(expected);
    }

    @Test
    void ternaryIsRightAssociativeAndLoosest() {
        assertThat(parse("a < b ? c : d ? e : g")).isEqualTo(new Ternary(
                new Binary(BinaryOp.LT, f("a"), f("b")), f("c"), new Ternary(f("d"), f("e"), f("g"))));
    }

    @Test
    void callsKeepTheirWrittenNameAndIndClass() {
        assertThat(parse("IndNeutralize(vwap, IndClass.industry)")).isEqualTo(
                new Call("IndNeutralize", List.of(f("vwap"), new Expr.GroupRef(GroupLevel.INDUSTRY))));
        assertThat(parse("rank(delta(close, 5))")).isEqualTo(
                new Call("rank", List.of(new Call("delta", List.of(f("close"), n(5))))));
    }

    @Test
    void aFileReadsDefinitionsCommentsAndMultiLineFormulas() {
        String text = """
                # a comment
                alpha mom = rank(delta(close,
                                 20))   # trailing comment
                label fwd1 = delay(close, -1) / close - 1
                """;
        ParsedFile file = Parser.parseFile(new Source("x.alpha", text));
        assertThat(file.diagnostics()).isEmpty();
        assertThat(file.definitions()).extracting(Definition::name).containsExactly("mom", "fwd1");
        assertThat(file.definitions().get(1).kind()).isEqualTo(Definition.Kind.LABEL);
        assertThat(file.definitions().get(0).position()).isEqualTo(new Position(2, 7));
    }

    @Test
    void everyBadStatementIsReportedWithLineColumnAndCaretAndTheRestIsKept() {
        String text = """
                alpha a = rank(close
                alpha b = close +
                alpha c = close * 2
                alpha d = close @ 2
                """;
        ParsedFile file = Parser.parseFile(new Source("bad.alpha", text));
        assertThat(file.definitions()).extracting(Definition::name).containsExactly("c");
        assertThat(file.diagnostics()).hasSize(3);
        // The unclosed '(' ends at the next definition: the error is at the end of its line.
        assertThat(file.diagnostics().get(0).format()).startsWith(
                "bad.alpha:1:21: expected ',' or ')' in the call of 'rank' opened at column 15, found end of line");
        assertThat(file.diagnostics().get(1).format()).startsWith("bad.alpha:2:18: expected a number");
        assertThat(file.diagnostics().get(2).format()).isEqualTo("""
                bad.alpha:4:17: expected an operator or the end of the line, found '@'
                  alpha d = close @ 2
                                  ^""");
    }

    @Test
    void duplicateNamesAreAnError() {
        ParsedFile file = Parser.parseFile(new Source("d.alpha", "alpha a = close\nalpha a = open\n"));
        assertThat(file.diagnostics()).singleElement().satisfies(d ->
                assertThat(d.format()).startsWith("d.alpha:2:7: 'a' is already defined at line 1"));
    }

    @Test
    void deepNestingIsRefusedWithoutStackOverflow() {
        String deep = "(".repeat(1000) + "close" + ")".repeat(1000);
        assertThatThrownBy(() -> parse(deep))
                .isInstanceOf(FormulaException.class)
                .hasMessageContaining("nested too deep: the limit is 100");
        String deepCalls = "abs(".repeat(1000) + "close" + ")".repeat(1000);
        assertThatThrownBy(() -> parse(deepCalls)).hasMessageContaining("nested too deep");
        String minusChain = "-".repeat(5000) + "close";
        assertThatThrownBy(() -> parse(minusChain)).hasMessageContaining("nested too deep");
        assertThat(parse("+".repeat(200_000) + "close")).isEqualTo(f("close"));
        String longSum = "close" + " + close".repeat(5000);
        assertThatThrownBy(() -> parse(longSum)).hasMessageContaining("the limit is 100");
    }

    @Test
    void aFileOfTenThousandAlphasIsRefusedPastTheLimitWithALocatedError() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            text.append("alpha a").append(i).append(" = rank(close)\n");
        }
        ParsedFile file = Parser.parseFile(new Source("many.alpha", text.toString()));
        assertThat(file.definitions()).hasSize(Limits.DEFAULT.maxDefinitions());
        assertThat(file.diagnostics()).singleElement().satisfies(d -> assertThat(d.format())
                .startsWith("many.alpha:4097:7: too many definitions in one file: the limit is 4096"));
    }
}
