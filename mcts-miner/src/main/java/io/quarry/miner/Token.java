package io.quarry.miner;

import io.quarry.dsl.ast.BinaryOp;
import io.quarry.dsl.ast.Expr;
import io.quarry.dsl.check.Operator;
import io.quarry.dsl.panel.GroupLevel;
import java.util.List;
import java.util.Locale;

/**
 * One token of a formula in reverse Polish notation, as AlphaGen writes formulas: operands first,
 * then the operator that consumes them. A time-series operator takes its window from a
 * {@link Kind#WINDOW} token pushed right before it ({@code close w5 delta} is {@code delta(close, 5)}).
 *
 * @param kind   what the token does to the stack
 * @param name   field name, operator name ({@code +}, {@code rank}, {@code neg}, ...), the constant, or
 *               {@code w5} for a window of 5
 * @param number the constant or window length; 0 for other kinds
 */
public record Token(Kind kind, String name, double number) {

    /** How a token acts on the RPN stack. */
    public enum Kind {
        /** pushes a series */
        FIELD,
        /** pushes a constant (an operand of an arithmetic operator) */
        CONST,
        /** pushes a window length for the time-series operator that must follow */
        WINDOW,
        /** series -> series */
        UNARY,
        /** two operands (not both constants) -> series */
        BINARY,
        /** series, window -> series */
        TS,
        /** series, series, window -> series */
        TS2,
        /** ends a formula whose stack holds a single series */
        END
    }

    static Token field(String name) {
        return new Token(Kind.FIELD, name, 0);
    }

    static Token constant(double value) {
        return new Token(Kind.CONST, number(value), value);
    }

    static Token window(int days) {
        return new Token(Kind.WINDOW, "w" + days, days);
    }

    static Token op(Kind kind, String name) {
        return new Token(kind, name, 0);
    }

    static Token end() {
        return new Token(Kind.END, "END", 0);
    }

    /** The shortest window this time-series operator is meaningful with (shorter is NaN or trivial). */
    int minWindow() {
        return switch (name) {
            case "delay", "delta" -> 1;
            case "skew" -> 3;
            case "kurt" -> 4;
            default -> 2;
        };
    }

    /** The tree this operator builds from its operands (window last). */
    Expr build(List<Expr> operands) {
        return switch (kind) {
            case UNARY -> switch (name) {
                case "neg" -> new Expr.Neg(operands.get(0));
                case "indneutralize" -> new Expr.Call(name, List.of(operands.get(0), new Expr.GroupRef(GroupLevel.SECTOR)));
                default -> new Expr.Call(name, operands);
            };
            case BINARY -> switch (name) {
                case "greater", "less" -> new Expr.Call(name, operands);
                default -> new Expr.Binary(binaryOp(name), operands.get(0), operands.get(1));
            };
            case TS, TS2 -> new Expr.Call(name, operands);
            default -> throw new IllegalStateException(kind + " builds no tree");
        };
    }

    private static BinaryOp binaryOp(String symbol) {
        return switch (symbol) {
            case "+" -> BinaryOp.ADD;
            case "-" -> BinaryOp.SUB;
            case "*" -> BinaryOp.MUL;
            case "/" -> BinaryOp.DIV;
            default -> throw new IllegalArgumentException("not an arithmetic operator: " + symbol);
        };
    }

    /** Whether a language operator exists for this token (checked when a vocabulary is built). */
    boolean isLanguageOperator() {
        return switch (kind) {
            case UNARY -> name.equals("neg") || Operator.byName(name).isPresent();
            case BINARY -> List.of("+", "-", "*", "/").contains(name) || Operator.byName(name).isPresent();
            case TS, TS2 -> Operator.byName(name).map(Operator::timeSeries).orElse(false);
            default -> true;
        };
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v).toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return name;
    }
}
