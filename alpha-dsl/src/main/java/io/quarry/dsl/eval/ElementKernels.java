package io.quarry.dsl.eval;

import io.quarry.dsl.ast.BinaryOp;
import io.quarry.dsl.check.Operator;

/**
 * Element-wise operators of the alpha language (DESIGN.md, "Operator semantics"), over a range of
 * cells {@code [from, to)}: the one definition the batch evaluator (over whole panels) and the
 * incremental evaluator (over one cross-section) share. {@code out} may not alias an input.
 */
final class ElementKernels {

    private ElementKernels() {
    }

    static void negate(double[] x, double[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            out[i] = -x[i];
        }
    }

    /** {@code c ? a : z}: NaN where c is NaN, else a where c is non-zero, else z. */
    static void ternary(double[] c, double[] a, double[] z, double[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            out[i] = Double.isNaN(c[i]) ? Double.NaN : (c[i] != 0 ? a[i] : z[i]);
        }
    }

    static void map1(Operator op, double[] x, double[] out, int from, int to) {
        switch (op) {
            case ABS -> {
                for (int i = from; i < to; i++) {
                    out[i] = Math.abs(x[i]);
                }
            }
            case LOG -> {
                for (int i = from; i < to; i++) {
                    out[i] = x[i] > 0 ? finite(Math.log(x[i])) : Double.NaN;
                }
            }
            case SIGN -> {
                for (int i = from; i < to; i++) {
                    out[i] = Math.signum(x[i]);
                }
            }
            case SQRT -> {
                for (int i = from; i < to; i++) {
                    out[i] = x[i] >= 0 ? finite(Math.sqrt(x[i])) : Double.NaN;
                }
            }
            default -> throw new IllegalStateException(op.name());
        }
    }

    static void map2(Operator op, double[] x, double[] y, double[] out, int from, int to) {
        switch (op) {
            case SIGNED_POWER -> {
                for (int i = from; i < to; i++) {
                    out[i] = power(Math.signum(x[i]), Math.abs(x[i]), y[i]);
                }
            }
            case GREATER -> {
                for (int i = from; i < to; i++) {
                    out[i] = x[i] >= y[i] ? x[i] : (x[i] < y[i] ? y[i] : Double.NaN);
                }
            }
            case LESS -> {
                for (int i = from; i < to; i++) {
                    out[i] = x[i] <= y[i] ? x[i] : (x[i] > y[i] ? y[i] : Double.NaN);
                }
            }
            default -> throw new IllegalStateException(op.name());
        }
    }

    static void binary(BinaryOp op, double[] a, double[] b, double[] out, int from, int to) {
        switch (op) {
            case ADD -> {
                for (int i = from; i < to; i++) {
                    out[i] = finite(a[i] + b[i]);
                }
            }
            case SUB -> {
                for (int i = from; i < to; i++) {
                    out[i] = finite(a[i] - b[i]);
                }
            }
            case MUL -> {
                for (int i = from; i < to; i++) {
                    out[i] = finite(a[i] * b[i]);
                }
            }
            case DIV -> {
                for (int i = from; i < to; i++) {
                    out[i] = finite(a[i] / b[i]);
                }
            }
            case POW -> {
                for (int i = from; i < to; i++) {
                    out[i] = power(1, a[i], b[i]);
                }
            }
            default -> logical(op, a, b, out, from, to);
        }
    }

    /** Whether {@link #binaryScalar} computes the operator. */
    static boolean hasScalarForm(BinaryOp op) {
        return op == BinaryOp.ADD || op == BinaryOp.SUB || op == BinaryOp.MUL || op == BinaryOp.DIV;
    }

    /**
     * {@link #binary} with one operand the number {@code c}: {@code c op x} when {@code scalarLeft},
     * else {@code x op c}; the same operation per cell, so the same bits as with an array of c.
     */
    static void binaryScalar(BinaryOp op, double c, boolean scalarLeft, double[] x, double[] out, int from,
                             int to) {
        switch (op) {
            case ADD -> {
                for (int i = from; i < to; i++) {
                    out[i] = finite(x[i] + c);
                }
            }
            case MUL -> {
                for (int i = from; i < to; i++) {
                    out[i] = finite(x[i] * c);
                }
            }
            case SUB -> {
                if (scalarLeft) {
                    for (int i = from; i < to; i++) {
                        out[i] = finite(c - x[i]);
                    }
                } else {
                    for (int i = from; i < to; i++) {
                        out[i] = finite(x[i] - c);
                    }
                }
            }
            case DIV -> {
                if (scalarLeft) {
                    for (int i = from; i < to; i++) {
                        out[i] = finite(c / x[i]);
                    }
                } else {
                    for (int i = from; i < to; i++) {
                        out[i] = finite(x[i] / c);
                    }
                }
            }
            default -> throw new IllegalStateException("no scalar form: " + op);
        }
    }

    /** Comparisons and logic: 1 or 0, NaN where an input is NaN. One loop per operator. */
    private static void logical(BinaryOp op, double[] a, double[] b, double[] out, int from, int to) {
        switch (op) {
            case LT -> {
                for (int i = from; i < to; i++) {
                    out[i] = missing(a[i], b[i]) ? Double.NaN : (a[i] < b[i] ? 1 : 0);
                }
            }
            case LE -> {
                for (int i = from; i < to; i++) {
                    out[i] = missing(a[i], b[i]) ? Double.NaN : (a[i] <= b[i] ? 1 : 0);
                }
            }
            case GT -> {
                for (int i = from; i < to; i++) {
                    out[i] = missing(a[i], b[i]) ? Double.NaN : (a[i] > b[i] ? 1 : 0);
                }
            }
            case GE -> {
                for (int i = from; i < to; i++) {
                    out[i] = missing(a[i], b[i]) ? Double.NaN : (a[i] >= b[i] ? 1 : 0);
                }
            }
            case EQ -> {
                for (int i = from; i < to; i++) {
                    out[i] = missing(a[i], b[i]) ? Double.NaN : (a[i] == b[i] ? 1 : 0);
                }
            }
            case NE -> {
                for (int i = from; i < to; i++) {
                    out[i] = missing(a[i], b[i]) ? Double.NaN : (a[i] != b[i] ? 1 : 0);
                }
            }
            case AND -> {
                for (int i = from; i < to; i++) {
                    out[i] = missing(a[i], b[i]) ? Double.NaN : (a[i] != 0 && b[i] != 0 ? 1 : 0);
                }
            }
            case OR -> {
                for (int i = from; i < to; i++) {
                    out[i] = missing(a[i], b[i]) ? Double.NaN : (a[i] != 0 || b[i] != 0 ? 1 : 0);
                }
            }
            default -> throw new IllegalStateException(op.name());
        }
    }

    private static boolean missing(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b);
    }

    /** {@code sign * base ^ exponent}, NaN where an input is NaN (Java's pow gives x^0 = 1 even then). */
    private static double power(double sign, double base, double exponent) {
        return Double.isNaN(base) || Double.isNaN(exponent) ? Double.NaN : finite(sign * Math.pow(base, exponent));
    }

    /**
     * Infinities are missing values: NaN. Without a branch, so that C2 vectorizes the loops above:
     * {@code v - v} is 0 for a finite v (and {@code v - 0} is v, -0.0 included) and NaN for an
     * infinite or NaN one. The NaN of an infinity has the sign bit set (x86's default NaN); every
     * reader tests NaN by value, never by its bits. The branch made these loops 2.6x slower.
     */
    static double finite(double v) {
        return v - (v - v);
    }
}
