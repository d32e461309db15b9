package io.quarry.dsl.canon;

import io.quarry.dsl.ast.BinaryOp;
import io.quarry.dsl.ast.Expr;

/**
 * Prints a tree as formula text with the fewest parentheses that parse back to the same tree:
 * {@code Parser.parseExpression(Printer.print(e)).equals(e)} for every tree the parser makes.
 */
public final class Printer {

    private static final int PRIMARY = 10;

    private Printer() {
    }

    public static String print(Expr expr) {
        StringBuilder out = new StringBuilder();
        write(expr, out);
        return out.toString();
    }

    /** Formats a number so that it reads back as the same double: integers without a fraction. */
    public static String formatNumber(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15 && !(value == 0 && 1 / value < 0)) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    private static int precedence(Expr e) {
        if (e instanceof Expr.Binary b) {
            return b.op().precedence();
        }
        if (e instanceof Expr.Ternary) {
            return BinaryOp.TERNARY_PRECEDENCE;
        }
        if (e instanceof Expr.Neg || (e instanceof Expr.Num n && (n.value() < 0 || 1 / n.value() < 0))) {
            return BinaryOp.UNARY_PRECEDENCE;
        }
        return PRIMARY;
    }

    private static void write(Expr e, StringBuilder out) {
        if (e instanceof Expr.Num n) {
            out.append(formatNumber(n.value()));
        } else if (e instanceof Expr.Field f) {
            out.append(f.name());
        } else if (e instanceof Expr.GroupRef g) {
            out.append("IndClass.").append(g.level().keyword());
        } else if (e instanceof Expr.Neg n) {
            out.append('-');
            child(n.operand(), precedence(n.operand()) < BinaryOp.UNARY_PRECEDENCE, out);
        } else if (e instanceof Expr.Binary b) {
            int p = b.op().precedence();
            int left = precedence(b.left());
            int right = precedence(b.right());
            boolean leftParens = b.op() == BinaryOp.POW ? left < PRIMARY : left < p;
            boolean rightParens = b.op() == BinaryOp.POW
                    ? right < BinaryOp.UNARY_PRECEDENCE
                    : right <= p;
            child(b.left(), leftParens, out);
            out.append(' ').append(b.op().symbol()).append(' ');
            child(b.right(), rightParens, out);
        } else if (e instanceof Expr.Ternary t) {
            child(t.cond(), precedence(t.cond()) <= BinaryOp.TERNARY_PRECEDENCE, out);
            out.append(" ? ");
            write(t.then(), out);
            out.append(" : ");
            write(t.otherwise(), out);
        } else if (e instanceof Expr.Call c) {
            out.append(c.function()).append('(');
            for (int i = 0; i < c.args().size(); i++) {
                if (i > 0) {
                    out.append(", ");
                }
                write(c.args().get(i), out);
            }
            out.append(')');
        }
    }

    private static void child(Expr e, boolean parens, StringBuilder out) {
        if (parens) {
            out.append('(');
            write(e, out);
            out.append(')');
        } else {
            write(e, out);
        }
    }
}
