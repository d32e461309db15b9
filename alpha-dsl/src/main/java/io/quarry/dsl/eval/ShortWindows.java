package io.quarry.dsl.eval;

import static io.quarry.dsl.eval.WindowKernels.CORRELATION;
import static io.quarry.dsl.eval.WindowKernels.COVARIANCE;
import static io.quarry.dsl.eval.WindowKernels.MEAN;
import static io.quarry.dsl.eval.WindowKernels.SUM;
import static io.quarry.dsl.eval.WindowKernels.VARIANCE;
import static io.quarry.dsl.eval.WindowKernels.finiteOrNaN;

import java.util.Arrays;

/**
 * Short-window kernels for the batch evaluator: every window of one run of present rows at once.
 * The textbook two-pass statistics give the same bits as {@link WindowKernels}'
 * {@code textbookMoment}, {@code textbookComoment} and {@code textbookDecayLinear} window by window
 * (what the incremental evaluator calls), and {@code ts_rank} the same bits as counting.
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
 * <p>Each block of windows is one call: a call's loops are short, so the JIT compiles these
 * methods once, as methods, rather than several times for on-stack replacement in the middle of
 * a long loop (that cost about 2 s of compilation in a cold evaluation of the WQ101 set).
 */
final class ShortWindows {

    /** Windows per block: the block's accumulators stay in the L1 cache. */
    private static final int BLOCK = 128;

    private ShortWindows() {
    }

    /** The most scratch arrays a kernel takes (the co-moments). */
    private static final int MAX_SCRATCH = 7;

    /**
     * Scratch arrays reused by every kernel call on a thread: a call per symbol and operator used
     * to allocate its own, about half of the garbage of a WQ101 evaluation, and that garbage set
     * the pace of the young collections, each of which copies the live node arrays. The kernels
     * run one at a time on a thread and write every scratch entry before reading it.
     */
    private static final ThreadLocal<double[][]> SCRATCH =
            ThreadLocal.withInitial(() -> new double[MAX_SCRATCH][BLOCK]);

    /**
     * At least {@code arrays} scratch arrays of {@value #BLOCK} values for the runs of one series,
     * shared with the thread's other calls. The caller fetches them and passes them in: when the
     * JIT sees the allocation in the method that runs the loops, it leaves them unvectorized
     * (measured about 1.7x slower).
     */
    static double[][] scratch(int arrays) {
        if (arrays > MAX_SCRATCH) {
            throw new IllegalArgumentException("at most " + MAX_SCRATCH + " scratch arrays, got " + arrays);
        }
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
        double[] shifted = scratch[2];
        int a0 = t0 - d + 1;
        windowSums(x, a0, d, mean, shifted, m);
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
            Arrays.fill(s2, 0, m, 0.0);
            for (int j = 0; j < d; j++) {
                System.arraycopy(x, a0 + j, shifted, 0, m);
                for (int i = 0; i < m; i++) {
                    double z = shifted[i] - mean[i];
                    s2[i] += z * z;
                }
            }
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
        double[] shiftedX = scratch[5];
        double[] shiftedY = scratch[6];
        int a0 = t0 - d + 1;
        Arrays.fill(meanX, 0, m, 0.0);
        Arrays.fill(meanY, 0, m, 0.0);
        for (int j = 0; j < d; j++) {
            System.arraycopy(x, a0 + j, shiftedX, 0, m);
            System.arraycopy(y, a0 + j, shiftedY, 0, m);
            for (int i = 0; i < m; i++) {
                meanX[i] += shiftedX[i];
                meanY[i] += shiftedY[i];
            }
        }
        for (int i = 0; i < m; i++) {
            meanX[i] /= d;
            meanY[i] /= d;
        }
        Arrays.fill(sxx, 0, m, 0.0);
        Arrays.fill(syy, 0, m, 0.0);
        Arrays.fill(sxy, 0, m, 0.0);
        for (int j = 0; j < d; j++) {
            System.arraycopy(x, a0 + j, shiftedX, 0, m);
            System.arraycopy(y, a0 + j, shiftedY, 0, m);
            for (int i = 0; i < m; i++) {
                double dx = shiftedX[i] - meanX[i];
                double dy = shiftedY[i] - meanY[i];
                sxy[i] += dx * dy;
                sxx[i] += dx * dx;
                syy[i] += dy * dy;
            }
        }
        // The results, in place of sxy, in their own (vectorized) loop.
        if (kind == CORRELATION) {
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
        double[] shifted = scratch[1];
        double weights = d * (d + 1) / 2.0;
        int a0 = t0 - d + 1;
        Arrays.fill(sum, 0, m, 0.0);
        for (int j = 0; j < d; j++) {
            System.arraycopy(x, a0 + j, shifted, 0, m);
            double w = j + 1;
            for (int i = 0; i < m; i++) {
                sum[i] += shifted[i] * w;
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
        double[] shifted = scratch[2];
        int a0 = t0 - d + 1;
        System.arraycopy(x, t0, today, 0, m);
        Arrays.fill(sign, 0, m, 0.0);
        for (int j = 0; j < d; j++) {
            System.arraycopy(x, a0 + j, shifted, 0, m);
            for (int i = 0; i < m; i++) {
                // Any non-zero difference of finite values is at least 2^-1074, so times 2^1200
                // it is at least 1 in magnitude (or infinite): clamped, it is its sign.
                double scaled = (today[i] - shifted[i]) * 0x1p600 * 0x1p600;
                sign[i] += Math.max(-1.0, Math.min(1.0, scaled));
            }
        }
        for (int i = 0; i < m; i++) {
            // The ties occupy the ranks less+1 .. less+equal; one rounding, in the division.
            out[t0 + i] = ((d + sign[i]) * 0.5 + 0.5) / d;
        }
    }

    /**
     * sum[i] = the sum of x[a0 + i, a0 + i + d), oldest first from 0, for i in [0, m); shifted is
     * scratch.
     */
    private static void windowSums(double[] x, int a0, int d, double[] sum, double[] shifted, int m) {
        Arrays.fill(sum, 0, m, 0.0);
        for (int j = 0; j < d; j++) {
            System.arraycopy(x, a0 + j, shifted, 0, m);
            for (int i = 0; i < m; i++) {
                sum[i] += shifted[i];
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
