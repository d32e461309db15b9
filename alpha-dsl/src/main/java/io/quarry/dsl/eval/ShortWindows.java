package io.quarry.dsl.eval;

import static io.quarry.dsl.eval.WindowKernels.CORRELATION;
import static io.quarry.dsl.eval.WindowKernels.COVARIANCE;
import static io.quarry.dsl.eval.WindowKernels.MAD;
import static io.quarry.dsl.eval.WindowKernels.MEAN;
import static io.quarry.dsl.eval.WindowKernels.SUM;
import static io.quarry.dsl.eval.WindowKernels.TEXTBOOK_WINDOW;
import static io.quarry.dsl.eval.WindowKernels.VARIANCE;
import static io.quarry.dsl.eval.WindowKernels.finiteOrNaN;

import java.util.Arrays;

/**
 * Short-window kernels for the batch evaluator: every window of one run of present rows at once.
 * The textbook two-pass statistics give the same bits as {@link WindowKernels}'
 * {@code textbookMoment}, {@code textbookComoment}, {@code textbookDecayLinear} and (for windows of
 * any length) {@code twoPassStat} window by window (what the incremental evaluator calls), and
 * {@code ts_rank} the same bits as counting.
 *
 * <p>Each window's sums are still accumulated oldest value first, starting from 0, with the same
 * operations; only the loop order changes: the outer loop walks the window position j and the
 * inner one a block of consecutive windows, so the inner loop is independent across windows and
 * the JIT vectorizes it (per window the additions stay sequential, so the rounding is unchanged).
 * The inner loops read the j-th value of each window from a copy of the input shifted by j: with
 * every array indexed alike the JIT can tell that no store feeds a later load (it cannot for
 * {@code x[a + j + i]} next to {@code sum[i]}, and then does not vectorize at all).
 * A window is constant when the run of equal values ending at its last row is at least d long.
 *
 * <p>Most inner loops take several consecutive positions j per sweep, {@code acc = acc + t_j +
 * t_(j+1) + ...}, which Java evaluates left to right: the same additions in the same order, with
 * one load and store of the accumulator per sweep instead of per position. The copies shifted by
 * j are kept for the whole block, so the second pass of the two-pass statistics reads them
 * instead of copying again. Each sweep reads at most about eight arrays, and the co-moments take
 * x*y, x^2 and y^2 in separate sweeps: with more arrays in one loop the JIT stopped vectorizing it
 * (measured 1.2 to 1.4x slower than one position per sweep).
 *
 * <p>Each block of windows is one call: a call's loops are short, so the JIT compiles these
 * methods once, as methods, rather than several times for on-stack replacement in the middle of
 * a long loop (that cost about 2 s of compilation in a cold evaluation of the WQ101 set).
 */
final class ShortWindows {

    /**
     * Windows per block: the block's accumulators stay in the L1 cache (its shifted copies in L2),
     * and a run of the panel (about 1000 rows) takes few blocks (256 measured about 10% faster
     * than 128 or 512).
     */
    private static final int BLOCK = 256;

    private ShortWindows() {
    }

    /**
     * The first scratch array of the copies of x shifted by j = 0 .. d - 1 (after two arrays of
     * per-window results); the co-moments' copies of x, then of y, start after five.
     */
    private static final int SHIFTED = 2;
    private static final int COMOMENT_ROWS = 5;

    /** The most scratch arrays a kernel takes (the co-moments). */
    private static final int MAX_SCRATCH = COMOMENT_ROWS + 2 * TEXTBOOK_WINDOW;

    /**
     * Scratch arrays reused by every kernel call on a thread: a call per symbol and operator used
     * to allocate its own, about half of the garbage of a WQ101 evaluation, and that garbage set
     * the pace of the young collections, each of which copies the live node arrays. The kernels
     * run one at a time on a thread and write every scratch entry before reading it.
     */
    private static final ThreadLocal<double[][]> SCRATCH =
            ThreadLocal.withInitial(() -> new double[MAX_SCRATCH][BLOCK]);

    /**
     * The thread's {@value #MAX_SCRATCH} scratch arrays of {@value #BLOCK} values for the runs of
     * one series, shared by every kernel. The caller fetches them and passes them in: when the
     * JIT sees the allocation in the method that runs the loops, it leaves them unvectorized
     * (measured about 1.7x slower).
     */
    static double[][] scratch() {
        return SCRATCH.get();
    }

    /** {@code textbookMoment} of every window ending in [s + d - 1, e), d >= 2; x present on [s, e). */
    static void moments(double[] x, double[] out, int s, int e, int d, int kind, double[][] scratch) {
        for (int t0 = s + d - 1; t0 < e; t0 += BLOCK) {
            momentsBlock(x, out, t0, Math.min(BLOCK, e - t0), d, kind, scratch);
        }
    }

    /** The windows ending in [t0, t0 + m). */
    private static void momentsBlock(double[] x, double[] out, int t0, int m, int d, int kind,
                                     double[][] scratch) {
        double[] mean = scratch[0];
        double[] s2 = scratch[1];
        int a0 = t0 - d + 1;
        windowSums(x, a0, d, mean, scratch, SHIFTED, m);
        if (kind == SUM) {
            for (int i = 0; i < m; i++) {
                out[t0 + i] = finiteOrNaN(mean[i]);
            }
            return;
        }
        for (int i = 0; i < m; i++) {
            mean[i] /= d;
        }
        if (kind != MEAN) {
            squares(scratch, SHIFTED, mean, s2, d, m);
        }
        int equalRun = equalRunBefore(x, a0, t0);
        for (int i = 0; i < m; i++) {
            int t = t0 + i;
            equalRun = x[t] == x[t - 1] ? equalRun + 1 : 1;
            boolean constant = equalRun >= d;
            if (kind == MEAN) {
                out[t] = finiteOrNaN(constant ? x[t - d + 1] : mean[i]);
            } else {
                double variance = (constant ? 0 : s2[i]) / (d - 1);
                out[t] = finiteOrNaN(kind == VARIANCE ? variance : Math.sqrt(variance));
            }
        }
    }

    /**
     * {@code textbookComoment} of every window ending in [s + d - 1, e), d >= 3; x and y present on
     * [s, e).
     */
    static void comoments(double[] x, double[] y, double[] out, int s, int e, int d, int kind,
                          double[][] scratch) {
        for (int t0 = s + d - 1; t0 < e; t0 += BLOCK) {
            comomentsBlock(x, y, out, t0, Math.min(BLOCK, e - t0), d, kind, scratch);
        }
    }

    /** The windows ending in [t0, t0 + m). */
    private static void comomentsBlock(double[] x, double[] y, double[] out, int t0, int m, int d,
                                       int kind, double[][] scratch) {
        double[] meanX = scratch[0];
        double[] meanY = scratch[1];
        double[] sxx = scratch[2];
        double[] syy = scratch[3];
        double[] sxy = scratch[4];
        int a0 = t0 - d + 1;
        windowSums(x, a0, d, meanX, scratch, COMOMENT_ROWS, m);
        windowSums(y, a0, d, meanY, scratch, COMOMENT_ROWS + TEXTBOOK_WINDOW, m);
        for (int i = 0; i < m; i++) {
            meanX[i] /= d;
            meanY[i] /= d;
        }
        coproducts(scratch, COMOMENT_ROWS, meanX, COMOMENT_ROWS + TEXTBOOK_WINDOW, meanY, sxy, d, m);
        // The results, in place of sxy, in their own (vectorized) loop.
        if (kind == CORRELATION) {
            squares(scratch, COMOMENT_ROWS, meanX, sxx, d, m);
            squares(scratch, COMOMENT_ROWS + TEXTBOOK_WINDOW, meanY, syy, d, m);
            for (int i = 0; i < m; i++) {
                sxy[i] = Math.max(-1.0, Math.min(1.0, sxy[i] / Math.sqrt(sxx[i] * syy[i])));
            }
        } else {
            for (int i = 0; i < m; i++) {
                sxy[i] /= d - 1;
            }
        }
        double constant = kind == COVARIANCE ? 0.0 : Double.NaN;
        int equalRunX = equalRunBefore(x, a0, t0);
        int equalRunY = equalRunBefore(y, a0, t0);
        for (int i = 0; i < m; i++) {
            int t = t0 + i;
            equalRunX = x[t] == x[t - 1] ? equalRunX + 1 : 1;
            equalRunY = y[t] == y[t - 1] ? equalRunY + 1 : 1;
            out[t] = equalRunX >= d || equalRunY >= d ? constant : finiteOrNaN(sxy[i]);
        }
    }

    /**
     * {@code WindowKernels.twoPassStat} (MAD, SKEW, KURT) of every window ending in [s + d - 1, e),
     * for any d; x present on [s, e). The same operations in the same order for each window, run
     * over a block of windows at a time so that they vectorize.
     */
    static void twoPass(double[] x, double[] out, int s, int e, int d, int kind, double[][] scratch) {
        for (int t0 = s + d - 1; t0 < e; t0 += BLOCK) {
            twoPassBlock(x, out, t0, Math.min(BLOCK, e - t0), d, kind, scratch);
        }
    }

    /** The windows ending in [t0, t0 + m): deviations from each window's last value, as twoPassStat. */
    private static void twoPassBlock(double[] x, double[] out, int t0, int m, int d, int kind,
                                     double[][] scratch) {
        double[] ref = scratch[0];
        double[] mean = scratch[1];
        double[] s2 = scratch[2];
        double[] s3 = scratch[3];
        double[] s4 = scratch[4];
        double[] shifted = scratch[5];
        double n = d;
        int a0 = t0 - d + 1;
        System.arraycopy(x, t0, ref, 0, m);
        Arrays.fill(mean, 0, m, 0.0);
        for (int j = 0; j < d; j++) {
            System.arraycopy(x, a0 + j, shifted, 0, m);
            for (int i = 0; i < m; i++) {
                mean[i] += shifted[i] - ref[i];
            }
        }
        for (int i = 0; i < m; i++) {
            mean[i] /= n; // the window mean - ref
        }
        Arrays.fill(s2, 0, m, 0.0);
        if (kind == MAD) {
            for (int j = 0; j < d; j++) {
                System.arraycopy(x, a0 + j, shifted, 0, m);
                for (int i = 0; i < m; i++) {
                    s2[i] += Math.abs((shifted[i] - ref[i]) - mean[i]);
                }
            }
            for (int i = 0; i < m; i++) {
                out[t0 + i] = finiteOrNaN(s2[i] / n);
            }
            return;
        }
        Arrays.fill(s3, 0, m, 0.0);
        Arrays.fill(s4, 0, m, 0.0);
        for (int j = 0; j < d; j++) {
            System.arraycopy(x, a0 + j, shifted, 0, m);
            for (int i = 0; i < m; i++) {
                double z = (shifted[i] - ref[i]) - mean[i];
                double z2 = z * z;
                s2[i] += z2;
                s3[i] += z2 * z;
                s4[i] += z2 * z2;
            }
        }
        for (int i = 0; i < m; i++) {
            out[t0 + i] = finiteOrNaN(WindowKernels.skewOrKurt(s2[i], s3[i], s4[i], n, kind));
        }
    }

    /** {@code textbookDecayLinear} of every window ending in [s + d - 1, e); x present on [s, e). */
    static void decayLinear(double[] x, double[] out, int s, int e, int d, double[][] scratch) {
        for (int t0 = s + d - 1; t0 < e; t0 += BLOCK) {
            decayLinearBlock(x, out, t0, Math.min(BLOCK, e - t0), d, scratch);
        }
    }

    /** The windows ending in [t0, t0 + m). */
    private static void decayLinearBlock(double[] x, double[] out, int t0, int m, int d,
                                         double[][] scratch) {
        double[] sum = scratch[0];
        double[] s0 = scratch[SHIFTED];
        double[] s1 = scratch[SHIFTED + 1];
        double[] s2 = scratch[SHIFTED + 2];
        double[] s3 = scratch[SHIFTED + 3];
        double weights = d * (d + 1) / 2.0;
        int a0 = t0 - d + 1;
        Arrays.fill(sum, 0, m, 0.0);
        int j = 0;
        for (; j + 4 <= d; j += 4) {
            System.arraycopy(x, a0 + j, s0, 0, m);
            System.arraycopy(x, a0 + j + 1, s1, 0, m);
            System.arraycopy(x, a0 + j + 2, s2, 0, m);
            System.arraycopy(x, a0 + j + 3, s3, 0, m);
            double w0 = j + 1;
            double w1 = j + 2;
            double w2 = j + 3;
            double w3 = j + 4;
            for (int i = 0; i < m; i++) {
                sum[i] = sum[i] + s0[i] * w0 + s1[i] * w1 + s2[i] * w2 + s3[i] * w3;
            }
        }
        for (; j < d; j++) {
            System.arraycopy(x, a0 + j, s0, 0, m);
            double w = j + 1;
            for (int i = 0; i < m; i++) {
                sum[i] += s0[i] * w;
            }
        }
        for (int i = 0; i < m; i++) {
            out[t0 + i] = finiteOrNaN(sum[i] / weights);
        }
    }

    /**
     * {@code ts_rank(x, d)} of every window ending in [s + d - 1, e); x present on [s, e). Each
     * window value v adds sign(today - v) to a sum S, computed without a branch (below), so that
     * the loop vectorizes; then less + equal / 2 = (d + S) / 2. Every term is a small integer or
     * half of one, so the result is exact before the one rounding of the division by d: the same
     * bits as counting the values below and equal to today's one by one.
     */
    static void tsRank(double[] x, double[] out, int s, int e, int d, double[][] scratch) {
        for (int t0 = s + d - 1; t0 < e; t0 += BLOCK) {
            tsRankBlock(x, out, t0, Math.min(BLOCK, e - t0), d, scratch);
        }
    }

    /** The windows ending in [t0, t0 + m). */
    private static void tsRankBlock(double[] x, double[] out, int t0, int m, int d,
                                    double[][] scratch) {
        double[] today = scratch[0];
        double[] sign = scratch[1];
        double[] s0 = scratch[SHIFTED];
        double[] s1 = scratch[SHIFTED + 1];
        double[] s2 = scratch[SHIFTED + 2];
        double[] s3 = scratch[SHIFTED + 3];
        int a0 = t0 - d + 1;
        System.arraycopy(x, t0, today, 0, m);
        Arrays.fill(sign, 0, m, 0.0);
        int j = 0;
        for (; j + 4 <= d; j += 4) {
            System.arraycopy(x, a0 + j, s0, 0, m);
            System.arraycopy(x, a0 + j + 1, s1, 0, m);
            System.arraycopy(x, a0 + j + 2, s2, 0, m);
            System.arraycopy(x, a0 + j + 3, s3, 0, m);
            for (int i = 0; i < m; i++) {
                double v = today[i];
                sign[i] = sign[i] + sign(v - s0[i]) + sign(v - s1[i]) + sign(v - s2[i])
                        + sign(v - s3[i]);
            }
        }
        for (; j < d; j++) {
            System.arraycopy(x, a0 + j, s0, 0, m);
            for (int i = 0; i < m; i++) {
                sign[i] += sign(today[i] - s0[i]);
            }
        }
        for (int i = 0; i < m; i++) {
            // The ties occupy the ranks less+1 .. less+equal; one rounding, in the division.
            out[t0 + i] = ((d + sign[i]) * 0.5 + 0.5) / d;
        }
    }

    /**
     * The sign of a difference of finite values, -1, 0 or 1, without a branch: any non-zero one is
     * at least 2^-1074 in magnitude, so times 2^1200 it is at least 1 (or infinite): clamped, it
     * is its sign.
     */
    private static double sign(double difference) {
        return Math.max(-1.0, Math.min(1.0, difference * 0x1p600 * 0x1p600));
    }

    /**
     * sum[i] = the sum of x[a0 + i, a0 + i + d), oldest first from 0, for i in [0, m); leaves the
     * copy of x shifted by j in scratch[rows + j].
     */
    private static void windowSums(double[] x, int a0, int d, double[] sum, double[][] scratch,
                                   int rows, int m) {
        Arrays.fill(sum, 0, m, 0.0);
        int j = 0;
        for (; j + 4 <= d; j += 4) {
            double[] x0 = scratch[rows + j];
            double[] x1 = scratch[rows + j + 1];
            double[] x2 = scratch[rows + j + 2];
            double[] x3 = scratch[rows + j + 3];
            System.arraycopy(x, a0 + j, x0, 0, m);
            System.arraycopy(x, a0 + j + 1, x1, 0, m);
            System.arraycopy(x, a0 + j + 2, x2, 0, m);
            System.arraycopy(x, a0 + j + 3, x3, 0, m);
            for (int i = 0; i < m; i++) {
                sum[i] = sum[i] + x0[i] + x1[i] + x2[i] + x3[i];
            }
        }
        for (; j < d; j++) {
            double[] xj = scratch[rows + j];
            System.arraycopy(x, a0 + j, xj, 0, m);
            for (int i = 0; i < m; i++) {
                sum[i] += xj[i];
            }
        }
    }

    /**
     * sxy[i] = the sum of (x_j[i] - meanX[i]) * (y_j[i] - meanY[i]) over j in [0, d), in order from
     * 0, where x_j = scratch[rowsX + j] and y_j = scratch[rowsY + j].
     */
    private static void coproducts(double[][] scratch, int rowsX, double[] meanX, int rowsY,
                                   double[] meanY, double[] sxy, int d, int m) {
        Arrays.fill(sxy, 0, m, 0.0);
        int j = 0;
        for (; j + 2 <= d; j += 2) {
            double[] x0 = scratch[rowsX + j];
            double[] x1 = scratch[rowsX + j + 1];
            double[] y0 = scratch[rowsY + j];
            double[] y1 = scratch[rowsY + j + 1];
            for (int i = 0; i < m; i++) {
                double mx = meanX[i];
                double my = meanY[i];
                sxy[i] = sxy[i] + (x0[i] - mx) * (y0[i] - my) + (x1[i] - mx) * (y1[i] - my);
            }
        }
        for (; j < d; j++) {
            double[] xj = scratch[rowsX + j];
            double[] yj = scratch[rowsY + j];
            for (int i = 0; i < m; i++) {
                sxy[i] += (xj[i] - meanX[i]) * (yj[i] - meanY[i]);
            }
        }
    }

    /**
     * s2[i] = the sum of (x_j[i] - mean[i])^2 over j in [0, d), in order from 0, where
     * x_j = scratch[rows + j].
     */
    private static void squares(double[][] scratch, int rows, double[] mean, double[] s2, int d,
                                int m) {
        Arrays.fill(s2, 0, m, 0.0);
        int j = 0;
        for (; j + 4 <= d; j += 4) {
            double[] x0 = scratch[rows + j];
            double[] x1 = scratch[rows + j + 1];
            double[] x2 = scratch[rows + j + 2];
            double[] x3 = scratch[rows + j + 3];
            for (int i = 0; i < m; i++) {
                double z0 = x0[i] - mean[i];
                double z1 = x1[i] - mean[i];
                double z2 = x2[i] - mean[i];
                double z3 = x3[i] - mean[i];
                s2[i] = s2[i] + z0 * z0 + z1 * z1 + z2 * z2 + z3 * z3;
            }
        }
        for (; j < d; j++) {
            double[] xj = scratch[rows + j];
            for (int i = 0; i < m; i++) {
                double z = xj[i] - mean[i];
                s2[i] += z * z;
            }
        }
    }

    /**
     * The length of the run of equal values ending at row t0 - 1, counted from row a0: whether
     * a window is constant only needs the runs inside it, and every window of the block starts at
     * a0 or later.
     */
    private static int equalRunBefore(double[] x, int a0, int t0) {
        int run = 1;
        for (int t = a0 + 1; t < t0; t++) {
            run = x[t] == x[t - 1] ? run + 1 : 1;
        }
        return run;
    }
}
