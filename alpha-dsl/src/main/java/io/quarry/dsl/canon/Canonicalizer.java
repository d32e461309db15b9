package io.quarry.dsl.canon;

import io.quarry.dsl.ast.BinaryOp;
import io.quarry.dsl.ast.Expr;
import io.quarry.dsl.check.Operator;
import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites a checked tree (canonical operator names, integer windows) into the one canonical form of
 * its formula: constants folded, simple identities applied ({@code x*1}, {@code x+0}, {@code -1*x},
 * {@code --x}, {@code x^1}, {@code rank(rank(x))}), {@code > >=} turned into {@code < <=}, and the operands of commutative
 * operations ordered by their printed form. Every rewrite leaves every value bit-for-bit unchanged
 * (no reassociation of floating-point sums), so formulas with the same canonical form are the same
 * alpha.
 */
public final class Canonicalizer {

    private Canonicalizer() {
    }

    public static Expr canonicalize(Expr e) {
        List<Expr> children = new ArrayList<>(e.children().size());
        for (Expr child : e.children()) {
            children.add(canonicalize(child));
        }
        Expr node = e.withChildren(children);
        if (node instanceof Expr.Neg n) {
            return negate(n.operand());
        }
        if (node instanceof Expr.Binary b) {
            return binary(b.op(), b.left(), b.right());
        }
        if (node instanceof Expr.Ternary t && t.cond() instanceof Expr.Num c && !Double.isNaN(c.value())) {
            return c.value() != 0 ? t.then() : t.otherwise();
        }
        if (node instanceof Expr.Call c) {
            return call(c);
        }
        return node;
    }

    private static Expr negate(Expr operand) {
        if (operand instanceof Expr.Num n) {
            return new Expr.Num(-n.value());
        }
        if (operand instanceof Expr.Neg inner) {
            return inner.operand();
        }
        return new Expr.Neg(operand);
    }

    private static Expr binary(BinaryOp op, Expr left, Expr right) {
        if (left instanceof Expr.Num a && right instanceof Expr.Num b) {
            double folded = fold(op, a.value(), b.value());
            if (Double.isFinite(folded)) {
                return new Expr.Num(folded);
            }
        }
        if (op == BinaryOp.GT) {
            return binary(BinaryOp.LT, right, left);
        }
        if (op == BinaryOp.GE) {
            return binary(BinaryOp.LE, right, left);
        }
        switch (op) {
            case MUL:
                if (isConstant(right, 1)) {
                    return left;
                }
                if (isConstant(left, 1)) {
                    return right;
                }
                if (isConstant(left, -1)) {
                    return negate(right);
                }
                if (isConstant(right, -1)) {
                    return negate(left);
                }
                break;
            case DIV:
            case POW:
                if (isConstant(right, 1)) {
                    return left;
                }
                break;
            case ADD:
                if (isConstant(right, 0)) {
                    return left;
                }
                if (isConstant(left, 0)) {
                    return right;
                }
                break;
            case SUB:
                if (isConstant(right, 0)) {
                    return left;
                }
                if (isConstant(left, 0)) {
                    return negate(right);
                }
                break;
            default:
                break;
        }
        if (op.commutative() && Printer.print(left).compareTo(Printer.print(right)) > 0) {
            return new Expr.Binary(op, right, left);
        }
        return new Expr.Binary(op, left, right);
    }

    private static Expr call(Expr.Call c) {
        Operator op = Operator.byName(c.function()).orElseThrow(
                () -> new IllegalArgumentException("not a checked tree: unknown function " + c.function()));
        List<Expr> args = c.args();
        if (op.shape() == Operator.Shape.MAP1 && args.get(0) instanceof Expr.Num n) {
            double folded = map1(op, n.value());
            if (Double.isFinite(folded)) {
                return new Expr.Num(folded);
            }
        }
        // A rank of ranks is the same ranks, bit for bit (same order, ties and count).
        if (op == Operator.RANK && args.get(0) instanceof Expr.Call inner
                && inner.function().equals(Operator.RANK.canonicalName())) {
            return inner;
        }
        boolean symmetric = op == Operator.GREATER || op == Operator.LESS
                || op == Operator.CORRELATION || op == Operator.COVARIANCE;
        if (symmetric && Printer.print(args.get(0)).compareTo(Printer.print(args.get(1))) > 0) {
            List<Expr> swapped = new ArrayList<>(args);
            swapped.set(0, args.get(1));
            swapped.set(1, args.get(0));
            return new Expr.Call(op.canonicalName(), swapped);
        }
        return new Expr.Call(op.canonicalName(), args);
    }

    private static boolean isConstant(Expr e, double value) {
        return e instanceof Expr.Num n && n.value() == value;
    }

    /** The value of an infix operation on two constants, by the language's rules. */
    public static double fold(BinaryOp op, double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b)) {
            return Double.NaN;
        }
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case POW -> Math.pow(a, b);
            case LT -> a < b ? 1 : 0;
            case LE -> a <= b ? 1 : 0;
            case GT -> a > b ? 1 : 0;
            case GE -> a >= b ? 1 : 0;
            case EQ -> a == b ? 1 : 0;
            case NE -> a != b ? 1 : 0;
            case AND -> a != 0 && b != 0 ? 1 : 0;
            case OR -> a != 0 || b != 0 ? 1 : 0;
        };
    }

    private static double map1(Operator op, double x) {
        return switch (op) {
            case ABS -> Math.abs(x);
            case LOG -> x > 0 ? Math.log(x) : Double.NaN;
            case SIGN -> Math.signum(x);
            case SQRT -> x >= 0 ? Math.sqrt(x) : Double.NaN;
            default -> Double.NaN;
        };
    }
}
