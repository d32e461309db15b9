package io.quarry.evaluator;

import io.quarry.dsl.ast.BinaryOp;
import io.quarry.dsl.ast.Expr;
import io.quarry.dsl.check.CheckedAlpha;
import io.quarry.dsl.check.Operator;
import io.quarry.dsl.check.Unit;
import io.quarry.dsl.parse.Diagnostic;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The financial-logic score: a deterministic rubric over the formula in place of AlphaEval's LLM
 * judge. An alpha starts at 100 and loses points for each finding below, each explained by a note
 * ({@code "-15: ..."}); the score is clamped to [0, 100]. docs/SCORING.md lists the rules.
 */
public final class LogicRubric {

    static final double START = 100;
    static final int MAX_DEPTH = 8;
    static final int MAX_SIZE = 40;
    /** Literals above this (absolute) added to a series dwarf it. */
    static final double DOMINANT_CONSTANT = 1e6;

    private static final Set<Operator> IDEMPOTENT = Set.of(Operator.RANK, Operator.ABS, Operator.SIGN,
            Operator.ZSCORE, Operator.DEMEAN);
    private static final Set<Operator> NON_NEGATIVE = Set.of(Operator.RANK, Operator.TS_RANK, Operator.STDDEV,
            Operator.VAR, Operator.SQRT, Operator.TS_ARGMAX, Operator.TS_ARGMIN, Operator.MAD);
    private static final Set<Operator> POSITIVE = Set.of(Operator.RANK, Operator.TS_RANK, Operator.TS_ARGMAX,
            Operator.TS_ARGMIN);
    private static final Set<Operator> NAN_AT_WINDOW_1 = Set.of(Operator.STDDEV, Operator.VAR,
            Operator.CORRELATION, Operator.COVARIANCE, Operator.SLOPE, Operator.RSQUARE, Operator.RESI);
    private static final Set<Operator> ONE_AT_WINDOW_1 = Set.of(Operator.TS_RANK, Operator.TS_ARGMAX,
            Operator.TS_ARGMIN);
    private static final Set<Operator> IDENTITY_AT_WINDOW_1 = Set.of(Operator.SUM, Operator.MEAN,
            Operator.TS_MIN, Operator.TS_MAX, Operator.MED, Operator.DECAY_LINEAR, Operator.PRODUCT, Operator.EMA);

    private LogicRubric() {
    }

    /**
     * The score of an alpha and why.
     *
     * @param score in [0, 100]
     * @param notes one per deduction, {@code "-points: reason"}; empty for a clean 100
     */
    public record Logic(double score, List<String> notes) {
        public Logic {
            notes = List.copyOf(notes);
        }
    }

    /**
     * @param availableRows rows of history up to the last scoring day (what the alpha can ever see)
     */
    public static Logic score(CheckedAlpha alpha, int availableRows) {
        if (alpha.fields().isEmpty()) {
            return new Logic(0, List.of("-100: reads no market field, so it is the same constant for every stock"));
        }
        List<String> notes = new ArrayList<>();
        double[] total = {0};
        Deduct deduct = (points, reason) -> {
            total[0] += points;
            notes.add("-" + points + ": " + reason);
        };
        for (Diagnostic warning : alpha.warnings()) {
            String where = " (column " + warning.position().column() + ")";
            if (warning.message().contains("units do not match") || warning.message().contains("different units")) {
                deduct.apply(15, "unit mismatch: " + warning.message() + where);
            } else {
                deduct.apply(5, warning.message() + where);
            }
        }
        redundantNesting(alpha.source(), deduct);
        implausibleOperations(alpha.canonical(), deduct);
        if (alpha.depth() > MAX_DEPTH) {
            deduct.apply(3 * (alpha.depth() - MAX_DEPTH), "depth " + alpha.depth() + " is more than " + MAX_DEPTH
                    + ": hard to reason about and easy to overfit");
        }
        if (alpha.size() > MAX_SIZE) {
            deduct.apply(Math.min(20, (alpha.size() - MAX_SIZE + 1) / 2), alpha.size() + " nodes is more than "
                    + MAX_SIZE + ": hard to reason about and easy to overfit");
        }
        if (alpha.lookback() >= availableRows) {
            deduct.apply(60, "needs " + alpha.lookback() + " rows of history but the data has " + availableRows
                    + ": it never has a value");
        } else if (alpha.lookback() > availableRows / 2) {
            deduct.apply(20, "needs " + alpha.lookback() + " rows of history, more than half of the " + availableRows
                    + " rows the data has");
        }
        Unit unit = alpha.unit();
        if (unit == Unit.PRICE || unit == Unit.VOLUME || unit == Unit.DOLLAR) {
            deduct.apply(10, "its value is a " + unit.name().toLowerCase(Locale.ROOT) + " level, so it compares "
                    + "stocks by their scale as much as by the signal (divide by a like quantity or rank it)");
        }
        return new Logic(Math.max(0, Math.min(100, START - total[0])), notes);
    }

    @FunctionalInterface
    private interface Deduct {
        void apply(int points, String reason);
    }

    /** f(f(x)) and friends in the tree as written (the canonical form already drops rank(rank(x))). */
    private static void redundantNesting(Expr e, Deduct deduct) {
        if (e instanceof Expr.Neg outer && outer.operand() instanceof Expr.Neg) {
            deduct.apply(5, "-(-x) is x");
        }
        Optional<Operator> f = operator(e);
        if (f.isPresent() && !e.children().isEmpty()) {
            Expr inner = e.children().get(0);
            Optional<Operator> g = operator(inner);
            if (g.isPresent()) {
                String fn = f.get().canonicalName();
                String gn = g.get().canonicalName();
                if (f.get() == g.get() && IDEMPOTENT.contains(f.get())) {
                    deduct.apply(10, fn + "(" + fn + "(x)) is " + fn + "(x): the outer " + fn + " does nothing");
                } else if (f.get() == Operator.INDNEUTRALIZE && g.get() == Operator.INDNEUTRALIZE
                        && e.children().get(1).equals(inner.children().get(1))) {
                    deduct.apply(10, "indneutralize of an already neutralized series (same level) does nothing");
                } else if (f.get() == Operator.SIGN && POSITIVE.contains(g.get())) {
                    deduct.apply(20, "sign(" + gn + "(...)) is always 1: " + gn + " is positive");
                } else if (f.get() == Operator.ABS && NON_NEGATIVE.contains(g.get())) {
                    deduct.apply(5, "abs(" + gn + "(...)) does nothing: " + gn + " is never negative");
                }
            }
        }
        for (Expr child : e.children()) {
            redundantNesting(child, deduct);
        }
    }

    /** Windows that make an operator trivial, self-cancelling operands, dominating constants. */
    private static void implausibleOperations(Expr e, Deduct deduct) {
        Optional<Operator> op = operator(e);
        if (op.isPresent() && op.get().shape() != Operator.Shape.CROSS_SECTION && e.children().size() >= 2
                && e.children().get(e.children().size() - 1) instanceof Expr.Num window) {
            windowFindings(op.get(), (int) window.value(), deduct);
        }
        if (op.isPresent() && op.get() == Operator.CORRELATION && e.children().get(0).equals(e.children().get(1))) {
            deduct.apply(20, "the correlation of a series with itself is always 1");
        }
        if (e instanceof Expr.Binary b) {
            binaryFindings(b, deduct);
        }
        for (Expr child : e.children()) {
            implausibleOperations(child, deduct);
        }
    }

    private static void windowFindings(Operator op, int d, Deduct deduct) {
        String fn = op.canonicalName() + "(x, " + d + ")";
        if (op.shape() == Operator.Shape.LAG) {
            if (d == 0 && op == Operator.DELTA) {
                deduct.apply(20, fn + " is always 0");
            } else if (d == 0) {
                deduct.apply(5, fn + " is x");
            }
            return;
        }
        if (d == 1 && NAN_AT_WINDOW_1.contains(op) || op == Operator.SKEW && d < 3 || op == Operator.KURT && d < 4) {
            deduct.apply(30, fn + " has too short a window: it is always NaN");
        } else if (d == 1 && ONE_AT_WINDOW_1.contains(op)) {
            deduct.apply(20, fn + " is always 1");
        } else if (d == 1 && op == Operator.MAD) {
            deduct.apply(20, fn + " is always 0");
        } else if (d == 1 && IDENTITY_AT_WINDOW_1.contains(op)) {
            deduct.apply(5, fn + " is x: a window of 1 does nothing");
        }
    }

    private static void binaryFindings(Expr.Binary b, Deduct deduct) {
        boolean leftConstant = b.left() instanceof Expr.Num;
        boolean rightConstant = b.right() instanceof Expr.Num;
        if (b.left().equals(b.right()) && !leftConstant) {
            if (b.op() == BinaryOp.SUB) {
                deduct.apply(20, "x - x is always 0");
            } else if (b.op() == BinaryOp.DIV) {
                deduct.apply(20, "x / x is always 1");
            } else if (b.op().logical() && b.op() != BinaryOp.AND && b.op() != BinaryOp.OR) {
                deduct.apply(20, "compares a series with itself: always the same answer");
            }
        }
        if ((b.op() == BinaryOp.ADD || b.op() == BinaryOp.SUB) && leftConstant != rightConstant) {
            double c = ((Expr.Num) (leftConstant ? b.left() : b.right())).value();
            if (Math.abs(c) > DOMINANT_CONSTANT) {
                deduct.apply(20, "the constant " + c + " in a sum with a series dwarfs the series");
            }
        }
        if (b.op() == BinaryOp.MUL && (leftConstant && ((Expr.Num) b.left()).value() == 0
                || rightConstant && ((Expr.Num) b.right()).value() == 0)) {
            deduct.apply(20, "multiplies a series by 0");
        }
    }

    private static Optional<Operator> operator(Expr e) {
        return e instanceof Expr.Call c ? Operator.byName(c.function().toLowerCase(Locale.ROOT)) : Optional.empty();
    }
}
