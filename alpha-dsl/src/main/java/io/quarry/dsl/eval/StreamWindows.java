package io.quarry.dsl.eval;

import static io.quarry.dsl.eval.WindowKernels.finiteOrNaN;

import io.quarry.dsl.check.Operator;

/**
 * The time-series operators of the incremental evaluator: per symbol, one new value in, one result
 * out per step, with the meaning of {@link WindowKernels} and, wherever both evaluators see the
 * same rows, the same bits.
 *
 * <p>A window result needs all {@code d} values present: each state counts the symbol's current
 * run of present (finite) values and restarts on a missing one, as the batch kernels split a
 * series into runs. Rings are indexed by the stream row ({@code row % d}), which every symbol
 * shares.
 *
 * <p>Algorithms and cost per symbol and step:
 * <ul>
 * <li>{@code sum mean var stddev decay_linear} with d &lt;= {@value WindowKernels#TEXTBOOK_WINDOW},
 *     {@code covariance correlation} with d &lt;= 32, and {@code mad skew kurt}: the batch
 *     evaluator's per-window two-pass formula over a ring, O(d). Kept on purpose: these are the
 *     cases where batch computes each window on its own, and equal windows must give equal bits
 *     (a later {@code rank} or {@code ts_rank} orders exact ties). d is at most 32 for the moments;
 *     {@code mad skew kurt} have no exact running form at all.</li>
 * <li>The same moments with d &gt; 32, {@code slope rsquare resi}, {@code decay_linear} with
 *     d &gt; 32 and {@code product}: the batch kernels' van Herk / Gil-Werman blocks, streamed. A run
 *     is cut into blocks of d rows; the running prefix sums of the current block are updated in
 *     O(1), and when a block completes its suffix sums are computed once (O(d) every d steps:
 *     amortised O(1)). A window is a suffix of the previous block plus a prefix of the current one,
 *     merged by Chan's formula. No value ever leaves a sum by subtraction, so no error accumulates
 *     (this is the "periodic exact recomputation" of DESIGN.md), a constant window gives exactly 0,
 *     and since the blocks start where the batch kernel's start (at the run's first row) the
 *     arithmetic is the same, bit for bit.</li>
 * <li>{@code ts_min ts_max ts_argmin ts_argmax}: a monotonic deque, amortised O(1); ties keep the
 *     oldest.</li>
 * <li>{@code med}, and {@code ts_rank} with d &gt; 32: the window kept sorted; O(log d) search
 *     plus an O(d) shift of {@code System.arraycopy} (faster than a tree for any window the limits
 *     allow). {@code ts_rank} with d &lt;= 32 counts the values below and equal to today's over a
 *     ring, as batch does: a branch-free O(d) scan, faster at that size than the binary searches
 *     (whose branches mispredict on random data).</li>
 * <li>{@code delay delta}: a ring of d + 1 values, O(1). {@code ema}: O(1).</li>
 * </ul>
 */
final class StreamWindows {

    private static final double NaN = Double.NaN;

    private StreamWindows() {
    }

    /** The state of a one- or two-series time-series operator with window (or lag) d. */
    static RowOp of(Operator op, int d) {
        boolean textbook = d <= WindowKernels.TEXTBOOK_WINDOW;
        return switch (op) {
            case DELAY -> new Lag(d, false);
            case DELTA -> new Lag(d, true);
            case SUM -> textbook ? new Textbook(WindowKernels.SUM, d) : new BlockMoments(WindowKernels.SUM, d);
            case MEAN -> textbook ? new Textbook(WindowKernels.MEAN, d) : new BlockMoments(WindowKernels.MEAN, d);
            case VAR -> textbook ? new Textbook(WindowKernels.VARIANCE, d)
                    : new BlockMoments(WindowKernels.VARIANCE, d);
            case STDDEV -> textbook ? new Textbook(WindowKernels.STDDEV, d)
                    : new BlockMoments(WindowKernels.STDDEV, d);
            case DECAY_LINEAR -> textbook ? new Textbook(WindowKernels.DECAY_LINEAR, d)
                    : new Trend(WindowKernels.DECAY_LINEAR, d);
            case MAD -> new Textbook(WindowKernels.MAD, d);
            case SKEW -> new Textbook(WindowKernels.SKEW, d);
            case KURT -> new Textbook(WindowKernels.KURT, d);
            case SLOPE -> new Trend(WindowKernels.SLOPE, d);
            case RSQUARE -> new Trend(WindowKernels.RSQUARE, d);
            case RESI -> new Trend(WindowKernels.RESI, d);
            case PRODUCT -> new Product(d);
            case TS_MAX -> new Extremum(d, 1.0, false);
            case TS_MIN -> new Extremum(d, -1.0, false);
            case TS_ARGMAX -> new Extremum(d, 1.0, true);
            case TS_ARGMIN -> new Extremum(d, -1.0, true);
            case MED -> new Ordered(d, true);
            case TS_RANK -> textbook ? new RankCount(d) : new Ordered(d, false);
            case EMA -> new Ema(d);
            case COVARIANCE -> textbook ? new TextbookPair(WindowKernels.COVARIANCE, d)
                    : new BlockComoments(WindowKernels.COVARIANCE, d);
            case CORRELATION -> textbook ? new TextbookPair(WindowKernels.CORRELATION, d)
                    : new BlockComoments(WindowKernels.CORRELATION, d);
            default -> throw new IllegalArgumentException(op + " is not a time-series operator");
        };
    }

    private static int slot(long row, int d) {
        return (int) (row % d);
    }

    // ---------------------------------------------------------------- delay, delta

    /** {@code delay delta}: a ring of the last d + 1 inputs (NaN before the symbol's first row). */
    static final class Lag extends SymbolState {
        private final int d;
        private final boolean delta;

        Lag(int d, boolean delta) {
            super(new int[] {d + 1}, new double[] {NaN}, new int[0]);
            this.d = d;
            this.delta = delta;
        }

        private Lag(Lag other) {
            super(other);
            this.d = other.d;
            this.delta = other.delta;
        }

        @Override
        public RowOp copy() {
            return new Lag(this);
        }

        @Override
        public void step(double[][] in, double[] out, Universe universe, long row) {
            double[] x = in[0];
            double[] ring = doubles[0];
            int len = d + 1;
            int now = slot(row, len);
            int then = (int) Math.floorMod(row - d, (long) len);
            for (int s = 0, n = universe.size(); s < n; s++) {
                int base = s * len;
                double v = x[s];
                ring[base + now] = v;
                double old = ring[base + then];
                out[s] = finiteOrNaN(delta ? v - old : old);
            }
        }
    }

    // ---------------------------------------------------------------- per-window two-pass

    /**
     * Statistics computed per window by the batch evaluator's two-pass formulas, over a mirrored
     * ring (each value stored at {@code i} and {@code i + d}) so the window, oldest first, is one
     * contiguous range the batch helpers read as they read a panel.
     */
    static final class Textbook extends SymbolState {
        private final int kind;
        private final int d;

        Textbook(int kind, int d) {
            super(new int[] {2 * d}, new double[] {NaN}, new int[] {1});
            this.kind = kind;
            this.d = d;
        }

        private Textbook(Textbook other) {
            super(other);
            this.kind = other.kind;
            this.d = other.d;
        }

        @Override
        public RowOp copy() {
            return new Textbook(this);
        }

        @Override
        public void step(double[][] in, double[] out, Universe universe, long row) {
            double[] x = in[0];
            double[] ring = doubles[0];
            int[] run = ints[0];
            int now = slot(row, d);
            int oldest = now + 1 == d ? 0 : now + 1;
            for (int s = 0, n = universe.size(); s < n; s++) {
                double v = x[s];
                if (!Double.isFinite(v)) {
                    run[s] = 0;
                    out[s] = NaN;
                    continue;
                }
                int base = s * 2 * d;
                ring[base + now] = v;
                ring[base + now + d] = v;
                if (run[s] < d) {
                    run[s]++;
                }
                out[s] = run[s] == d ? stat(ring, base + oldest) : NaN;
            }
        }

        private double stat(double[] window, int from) {
            return switch (kind) {
                case WindowKernels.DECAY_LINEAR -> WindowKernels.textbookDecayLinear(window, from, d);
                case WindowKernels.MAD -> finiteOrNaN(WindowKernels.twoPassStat(window, from, d, kind));
                case WindowKernels.SKEW -> d < 3 ? NaN : finiteOrNaN(WindowKernels.twoPassStat(window, from, d, kind));
                case WindowKernels.KURT -> d < 4 ? NaN : finiteOrNaN(WindowKernels.twoPassStat(window, from, d, kind));
                default -> WindowKernels.textbookMoment(window, from, d, kind);
            };
        }
    }

    /** Covariance and correlation of short windows, two-pass as {@link Textbook}. */
    static final class TextbookPair extends SymbolState {
        private final int kind;
        private final int d;

        TextbookPair(int kind, int d) {
            super(new int[] {2 * d, 2 * d}, new double[] {NaN, NaN}, new int[] {1});
            this.kind = kind;
            this.d = d;
        }

        private TextbookPair(TextbookPair other) {
            super(other);
            this.kind = other.kind;
            this.d = other.d;
        }

        @Override
        public RowOp copy() {
            return new TextbookPair(this);
        }

        @Override
        public void step(double[][] in, double[] out, Universe universe, long row) {
            double[] x = in[0];
            double[] y = in[1];
            double[] ringX = doubles[0];
            double[] ringY = doubles[1];
            int[] run = ints[0];
            int now = slot(row, d);
            int oldest = now + 1 == d ? 0 : now + 1;
            for (int s = 0, n = universe.size(); s < n; s++) {
                double vx = x[s];
                double vy = y[s];
                if (!Double.isFinite(vx) || !Double.isFinite(vy)) {
                    run[s] = 0;
                    out[s] = NaN;
                    continue;
                }
                int base = s * 2 * d;
                ringX[base + now] = vx;
                ringX[base + now + d] = vx;
                ringY[base + now] = vy;
                ringY[base + now + d] = vy;
                if (run[s] < d) {
                    run[s]++;
                }
                out[s] = run[s] == d ? WindowKernels.textbookComoment(ringX, ringY, base + oldest, d, kind) : NaN;
            }
        }
    }

    // ---------------------------------------------------------------- streamed blocks

    /**
     * Where a symbol stands in its run's blocks: {@code ints[0]} slab of stride 2 holds the number
     * of rows of the current block seen (0..d; d = complete) and whether a complete block of the
     * same run precedes it. Subclasses keep the ring of the last d values in {@code doubles[0]}.
     */
    private abstract static class Blocks extends SymbolState {
        final int d;
        final double[] inv;

        Blocks(int d, int[] doubleStrides, double[] doubleFills, int[] intStrides) {
            super(doubleStrides, doubleFills, intStrides);
            this.d = d;
            this.inv = WindowKernels.reciprocals(d);
        }

        Blocks(Blocks other) {
            super(other);
            this.d = other.d;
            this.inv = other.inv;
        }

        /** The ring index of row {@code row - d + k} (k in 1..d-1), given row's own index {@code now}. */
        final int back(int now, int k) {
            int i = now + k;
            return i >= d ? i - d : i;
        }
    }

    /** {@code sum mean var stddev} with d &gt; 32: {@code WindowKernels.momentsRun}, streamed. */
    static final class BlockMoments extends Blocks {
        private final int kind;

        BlockMoments(int kind, int d) {
            // ring, suffix sums of v and v^2, and per symbol: refA, refB, s1, s2
            super(d, new int[] {d, d, d, 4}, new double[] {NaN, 0, 0, 0}, new int[] {2});
            this.kind = kind;
        }

        private BlockMoments(BlockMoments other) {
            super(other);
            this.kind = other.kind;
        }

        @Override
        public RowOp copy() {
            return new BlockMoments(this);
        }

        @Override
        public void step(double[][] in, double[] out, Universe universe, long row) {
            double[] x = in[0];
            double[] ring = doubles[0];
            double[] sufS1 = doubles[1];
            double[] sufS2 = doubles[2];
            double[] sc = doubles[3];
            int[] pos = ints[0];
            double invD = inv[d];
            int now = slot(row, d);
            for (int s = 0, symbols = universe.size(); s < symbols; s++) {
                double v = x[s];
                int p = 2 * s;
                if (!Double.isFinite(v)) {
                    pos[p] = 0;
                    pos[p + 1] = 0;
                    out[s] = NaN;
                    continue;
                }
                int rb = s * d;
                int c = 4 * s;
                int n = pos[p];
                if (n == d) {
                    // The previous block is complete: its suffix sums, shifted by its last value.
                    double refA = ring[rb + back(now, d - 1)];
                    double s1 = 0;
                    double s2 = 0;
                    for (int k = d - 1; k > 0; k--) {
                        double w = ring[rb + back(now, k)] - refA;
                        s1 += w;
                        s2 += w * w;
                        sufS1[rb + k] = s1;
                        sufS2[rb + k] = s2;
                    }
                    sc[c] = refA;
                    pos[p + 1] = 1;
                    n = 0;
                }
                if (n == 0) {
                    sc[c + 1] = v;
                    sc[c + 2] = 0;
                    sc[c + 3] = 0;
                }
                ring[rb + now] = v;
                n++;
                pos[p] = n;
                double refB = sc[c + 1];
                double w = v - refB;
                double s1 = sc[c + 2] + w;
                double s2 = sc[c + 3] + w * w;
                sc[c + 2] = s1;
                sc[c + 3] = s2;
                double meanB = s1 * inv[n];
                double m2B = s2 - s1 * meanB;
                if (n == d) {
                    out[s] = WindowKernels.momentResult(kind, refB + meanB, m2B, d);
                } else if (pos[p + 1] == 1) {
                    int nA = d - n;
                    double meanA = sufS1[rb + n] * inv[nA];
                    double m2A = sufS2[rb + n] - sufS1[rb + n] * meanA;
                    double delta = (refB - sc[c]) + (meanB - meanA);
                    double mean = refB + (meanB - delta * nA * invD);
                    double m2 = m2A + m2B + delta * delta * ((double) nA * n * invD);
                    out[s] = WindowKernels.momentResult(kind, mean, m2, d);
                } else {
                    out[s] = NaN;
                }
            }
        }
    }

    /** {@code covariance correlation} with d &gt; 32: {@code WindowKernels.comomentsRun}, streamed. */
    static final class BlockComoments extends Blocks {
        private final int kind;

        BlockComoments(int kind, int d) {
            // rings x, y; suffix sums x, y, xx, yy, xy; per symbol refAx, refAy, refBx, refBy, sx, sy, sxx, syy, sxy
            super(d, new int[] {d, d, d, d, d, d, d, 9}, new double[] {NaN, NaN, 0, 0, 0, 0, 0, 0}, new int[] {2});
            this.kind = kind;
        }

        private BlockComoments(BlockComoments other) {
            super(other);
            this.kind = other.kind;
        }

        @Override
        public RowOp copy() {
            return new BlockComoments(this);
        }

        @Override
        public void step(double[][] in, double[] out, Universe universe, long row) {
            double[] x = in[0];
            double[] y = in[1];
            double[] ringX = doubles[0];
            double[] ringY = doubles[1];
            double[] sX = doubles[2];
            double[] sY = doubles[3];
            double[] sXX = doubles[4];
            double[] sYY = doubles[5];
            double[] sXY = doubles[6];
            double[] sc = doubles[7];
            int[] pos = ints[0];
            double invD = inv[d];
            int now = slot(row, d);
            for (int s = 0, symbols = universe.size(); s < symbols; s++) {
                double vx = x[s];
                double vy = y[s];
                int p = 2 * s;
                if (!Double.isFinite(vx) || !Double.isFinite(vy)) {
                    pos[p] = 0;
                    pos[p + 1] = 0;
                    out[s] = NaN;
                    continue;
                }
                int rb = s * d;
                int c = 9 * s;
                int n = pos[p];
                if (n == d) {
                    int last = rb + back(now, d - 1);
                    double refAx = ringX[last];
                    double refAy = ringY[last];
                    double sx = 0;
                    double sy = 0;
                    double sxx = 0;
                    double syy = 0;
                    double sxy = 0;
                    for (int k = d - 1; k > 0; k--) {
                        int i = rb + back(now, k);
                        double wx = ringX[i] - refAx;
                        double wy = ringY[i] - refAy;
                        sx += wx;
                        sy += wy;
                        sxx += wx * wx;
                        syy += wy * wy;
                        sxy += wx * wy;
                        sX[rb + k] = sx;
                        sY[rb + k] = sy;
                        sXX[rb + k] = sxx;
                        sYY[rb + k] = syy;
                        sXY[rb + k] = sxy;
                    }
                    sc[c] = refAx;
                    sc[c + 1] = refAy;
                    pos[p + 1] = 1;
                    n = 0;
                }
                if (n == 0) {
                    sc[c + 2] = vx;
                    sc[c + 3] = vy;
                    for (int k = 4; k < 9; k++) {
                        sc[c + k] = 0;
                    }
                }
                ringX[rb + now] = vx;
                ringY[rb + now] = vy;
                n++;
                pos[p] = n;
                double refBx = sc[c + 2];
                double refBy = sc[c + 3];
                double wx = vx - refBx;
                double wy = vy - refBy;
                double sx = sc[c + 4] + wx;
                double sy = sc[c + 5] + wy;
                double sxx = sc[c + 6] + wx * wx;
                double syy = sc[c + 7] + wy * wy;
                double sxy = sc[c + 8] + wx * wy;
                sc[c + 4] = sx;
                sc[c + 5] = sy;
                sc[c + 6] = sxx;
                sc[c + 7] = syy;
                sc[c + 8] = sxy;
                double mx = sx * inv[n];
                double my = sy * inv[n];
                double m2x = sxx - sx * mx;
                double m2y = syy - sy * my;
                double cxy = sxy - sx * my;
                if (n == d) {
                    out[s] = WindowKernels.comomentResult(kind, m2x, m2y, cxy, d);
                } else if (pos[p + 1] == 1) {
                    int k = rb + n;
                    double invA = inv[d - n];
                    double mAx = sX[k] * invA;
                    double mAy = sY[k] * invA;
                    double f = (double) (d - n) * n * invD;
                    double deltaX = (refBx - sc[c]) + (mx - mAx);
                    double deltaY = (refBy - sc[c + 1]) + (my - mAy);
                    out[s] = WindowKernels.comomentResult(kind,
                            (sXX[k] - sX[k] * mAx) + m2x + deltaX * deltaX * f,
                            (sYY[k] - sY[k] * mAy) + m2y + deltaY * deltaY * f,
                            (sXY[k] - sX[k] * mAy) + cxy + deltaX * deltaY * f, d);
                } else {
                    out[s] = NaN;
                }
            }
        }
    }

    /**
     * {@code slope rsquare resi}, and {@code decay_linear} with d &gt; 32: {@code WindowKernels.trendRun},
     * streamed.
     */
    static final class Trend extends Blocks {
        private final int kind;

        Trend(int kind, int d) {
            // ring; suffix sums of v, v^2 and the position co-moment; per symbol refA, refB, s1, s2, q
            super(d, new int[] {d, d, d, d, 5}, new double[] {NaN, 0, 0, 0, 0}, new int[] {2});
            this.kind = kind;
        }

        private Trend(Trend other) {
            super(other);
            this.kind = other.kind;
        }

        @Override
        public RowOp copy() {
            return new Trend(this);
        }

        @Override
        public void step(double[][] in, double[] out, Universe universe, long row) {
            double[] x = in[0];
            double[] ring = doubles[0];
            double[] sufS1 = doubles[1];
            double[] sufS2 = doubles[2];
            double[] sufC = doubles[3];
            double[] sc = doubles[4];
            int[] pos = ints[0];
            double invD = inv[d];
            int now = slot(row, d);
            for (int s = 0, symbols = universe.size(); s < symbols; s++) {
                double v = x[s];
                int p = 2 * s;
                if (!Double.isFinite(v)) {
                    pos[p] = 0;
                    pos[p + 1] = 0;
                    out[s] = NaN;
                    continue;
                }
                int rb = s * d;
                int c = 5 * s;
                int n = pos[p];
                if (n == d) {
                    double refA = ring[rb + back(now, d - 1)];
                    double s1 = 0;
                    double s2 = 0;
                    double q = 0;
                    for (int k = d - 1, m = 1; k > 0; k--, m++) {
                        double w = ring[rb + back(now, k)] - refA;
                        s1 += w;
                        s2 += w * w;
                        q += (m - 1) * w;
                        sufS1[rb + k] = s1;
                        sufS2[rb + k] = s2;
                        sufC[rb + k] = (m - 1) * 0.5 * s1 - q;
                    }
                    sc[c] = refA;
                    pos[p + 1] = 1;
                    n = 0;
                }
                if (n == 0) {
                    sc[c + 1] = v;
                    sc[c + 2] = 0;
                    sc[c + 3] = 0;
                    sc[c + 4] = 0;
                }
                ring[rb + now] = v;
                n++;
                pos[p] = n;
                double refB = sc[c + 1];
                double w = v - refB;
                double s1 = sc[c + 2] + w;
                double s2 = sc[c + 3] + w * w;
                double q = sc[c + 4] + (n - 1) * w;
                sc[c + 2] = s1;
                sc[c + 3] = s2;
                sc[c + 4] = q;
                double meanB = s1 * inv[n];
                double m2B = s2 - s1 * meanB;
                double cB = q - (n - 1) * 0.5 * s1;
                if (n == d) {
                    out[s] = WindowKernels.trendResult(kind, refB + meanB, w - meanB, m2B, cB, d);
                } else if (pos[p + 1] == 1) {
                    int k = rb + n;
                    int nA = d - n;
                    double meanA = sufS1[k] * inv[nA];
                    double m2A = sufS2[k] - sufS1[k] * meanA;
                    double delta = (refB - sc[c]) + (meanB - meanA);
                    double shift = meanB - delta * nA * invD;
                    double f = (double) nA * n;
                    out[s] = WindowKernels.trendResult(kind, refB + shift, w - shift,
                            m2A + m2B + delta * delta * f * invD,
                            sufC[k] + cB + delta * f * 0.5, d);
                } else {
                    out[s] = NaN;
                }
            }
        }
    }

    /** {@code product}: suffix products of the previous block times the running prefix product. */
    static final class Product extends Blocks {

        Product(int d) {
            // ring, suffix products, per symbol the prefix product
            super(d, new int[] {d, d, 1}, new double[] {NaN, 0, 1}, new int[] {2});
        }

        private Product(Product other) {
            super(other);
        }

        @Override
        public RowOp copy() {
            return new Product(this);
        }

        @Override
        public void step(double[][] in, double[] out, Universe universe, long row) {
            double[] x = in[0];
            double[] ring = doubles[0];
            double[] sufProd = doubles[1];
            double[] prefix = doubles[2];
            int[] pos = ints[0];
            int now = slot(row, d);
            for (int s = 0, symbols = universe.size(); s < symbols; s++) {
                double v = x[s];
                int p = 2 * s;
                if (!Double.isFinite(v)) {
                    pos[p] = 0;
                    pos[p + 1] = 0;
                    out[s] = NaN;
                    continue;
                }
                int rb = s * d;
                int n = pos[p];
                if (n == d) {
                    double prod = 1;
                    for (int k = d - 1; k > 0; k--) {
                        prod *= ring[rb + back(now, k)];
                        sufProd[rb + k] = prod;
                    }
                    pos[p + 1] = 1;
                    n = 0;
                }
                double prod = (n == 0 ? 1 : prefix[s]) * v;
                prefix[s] = prod;
                ring[rb + now] = v;
                n++;
                pos[p] = n;
                if (n == d) {
                    out[s] = finiteOrNaN(prod);
                } else if (pos[p + 1] == 1) {
                    out[s] = finiteOrNaN(sufProd[rb + n] * prod);
                } else {
                    out[s] = NaN;
                }
            }
        }
    }

    // ---------------------------------------------------------------- extremes

    /**
     * {@code ts_max ts_min ts_argmax ts_argmin}: a monotonic deque per symbol of (sign * value, row),
     * values non-increasing from the front; the front is the window's extreme and, since an equal
     * newer value never removes an older one, the oldest of equal extremes (the batch tie rule).
     */
    static final class Extremum extends SymbolState {
        private final int d;
        private final double sign;
        private final boolean position;

        Extremum(int d, double sign, boolean position) {
            // deque values; deque rows (truncated to int: only differences below d are used),
            // per symbol head, size, run
            super(new int[] {d}, new double[] {NaN}, new int[] {d, 3});
            this.d = d;
            this.sign = sign;
            this.position = position;
        }

        private Extremum(Extremum other) {
            super(other);
            this.d = other.d;
            this.sign = other.sign;
            this.position = other.position;
        }

        @Override
        public RowOp copy() {
            return new Extremum(this);
        }

        @Override
        public void step(double[][] in, double[] out, Universe universe, long row) {
            double[] x = in[0];
            double[] values = doubles[0];
            int[] rows = ints[0];
            int[] meta = ints[1];
            int r = (int) row;
            for (int s = 0, symbols = universe.size(); s < symbols; s++) {
                double v = x[s];
                int m = 3 * s;
                if (!Double.isFinite(v)) {
                    meta[m + 1] = 0;
                    meta[m + 2] = 0;
                    out[s] = NaN;
                    continue;
                }
                int base = s * d;
                int head = meta[m];
                int size = meta[m + 1];
                if (size > 0 && r - rows[base + head] >= d) { // the front left the window
                    head = head + 1 == d ? 0 : head + 1;
                    size--;
                }
                double key = sign * v;
                while (size > 0) {
                    int last = head + size - 1;
                    if (values[base + (last >= d ? last - d : last)] < key) {
                        size--;
                    } else {
                        break;
                    }
                }
                int tail = head + size;
                tail = tail >= d ? tail - d : tail;
                values[base + tail] = key;
                rows[base + tail] = r;
                size++;
                meta[m] = head;
                meta[m + 1] = size;
                int run = meta[m + 2];
                if (run < d) {
                    meta[m + 2] = ++run;
                }
                if (run < d) {
                    out[s] = NaN;
                } else if (position) {
                    out[s] = d - (r - rows[base + head]);
                } else {
                    out[s] = sign * values[base + head];
                }
            }
        }
    }

    // ---------------------------------------------------------------- order statistics

    /** {@code med ts_rank}: the last d values in a ring and sorted. */
    static final class Ordered extends SymbolState {
        private final int d;
        private final boolean median;

        Ordered(int d, boolean median) {
            // ring, sorted window; per symbol the count of values held (the run, capped at d)
            super(new int[] {d, d}, new double[] {NaN, NaN}, new int[] {1});
            this.d = d;
            this.median = median;
        }

        private Ordered(Ordered other) {
            super(other);
            this.d = other.d;
            this.median = other.median;
        }

        @Override
        public RowOp copy() {
            return new Ordered(this);
        }

        @Override
        public void step(double[][] in, double[] out, Universe universe, long row) {
            double[] x = in[0];
            double[] ring = doubles[0];
            double[] sorted = doubles[1];
            int[] count = ints[0];
            int now = slot(row, d);
            for (int s = 0, symbols = universe.size(); s < symbols; s++) {
                double v = x[s];
                if (!Double.isFinite(v)) {
                    count[s] = 0;
                    out[s] = NaN;
                    continue;
                }
                int base = s * d;
                int held = count[s];
                if (held == d) {
                    // The ring slot of this row holds the value d rows back, which leaves the window.
                    WindowKernels.replaceSorted(sorted, base, d, ring[base + now], v);
                } else {
                    insertSorted(sorted, base, held, v);
                    count[s] = ++held;
                }
                ring[base + now] = v;
                if (held < d) {
                    out[s] = NaN;
                } else if (median) {
                    out[s] = WindowKernels.middle(sorted, base, d);
                } else {
                    out[s] = rankIn(sorted, base, d, v);
                }
            }
        }

        private static void insertSorted(double[] sorted, int off, int held, double v) {
            int at = firstAbove(sorted, off, off + held, v);
            System.arraycopy(sorted, at, sorted, at + 1, off + held - at);
            sorted[at] = v;
        }

        /** As {@code WindowKernels.tsRank}: (values below + average rank among the equal ones) / d. */
        private static double rankIn(double[] sorted, int off, int d, double today) {
            int end = off + d;
            int lo = off;
            int hi = end;
            while (lo < hi) { // first value not below today
                int mid = (lo + hi) >>> 1;
                if (sorted[mid] < today) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            int less = lo - off;
            int equal = firstAbove(sorted, lo, end, today) - lo;
            return (less + (equal + 1) * 0.5) / d;
        }

        /** The first index in [from, to) holding a value above v (to if none). */
        private static int firstAbove(double[] sorted, int from, int to, double v) {
            int lo = from;
            int hi = to;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (sorted[mid] > v) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
            return lo;
        }
    }

    /** {@code ts_rank} with d &lt;= 32: counts over a ring of the last d values. */
    static final class RankCount extends SymbolState {
        private final int d;

        RankCount(int d) {
            super(new int[] {d}, new double[] {NaN}, new int[] {1});
            this.d = d;
        }

        private RankCount(RankCount other) {
            super(other);
            this.d = other.d;
        }

        @Override
        public RowOp copy() {
            return new RankCount(this);
        }

        @Override
        public void step(double[][] in, double[] out, Universe universe, long row) {
            double[] x = in[0];
            double[] ring = doubles[0];
            int[] run = ints[0];
            int now = slot(row, d);
            for (int s = 0, symbols = universe.size(); s < symbols; s++) {
                double today = x[s];
                if (!Double.isFinite(today)) {
                    run[s] = 0;
                    out[s] = NaN;
                    continue;
                }
                int base = s * d;
                ring[base + now] = today;
                if (run[s] < d) {
                    run[s]++;
                }
                if (run[s] < d) {
                    out[s] = NaN;
                    continue;
                }
                int less = 0;
                int equal = 0;
                for (int j = base, end = base + d; j < end; j++) {
                    double v = ring[j];
                    less += v < today ? 1 : 0;
                    equal += v == today ? 1 : 0;
                }
                out[s] = (less + (equal + 1) * 0.5) / d;
            }
        }
    }

    // ---------------------------------------------------------------- ema

    /** {@code ema}: per symbol the average and the count of present values seen (exact in a double). */
    static final class Ema extends SymbolState {
        private final int d;
        private final double a;

        Ema(int d) {
            super(new int[] {2}, new double[] {0}, new int[0]);
            this.d = d;
            this.a = 2.0 / (d + 1.0);
        }

        private Ema(Ema other) {
            super(other);
            this.d = other.d;
            this.a = other.a;
        }

        @Override
        public RowOp copy() {
            return new Ema(this);
        }

        @Override
        public void step(double[][] in, double[] out, Universe universe, long row) {
            double[] x = in[0];
            double[] state = doubles[0];
            for (int s = 0, symbols = universe.size(); s < symbols; s++) {
                double v = x[s];
                if (!Double.isFinite(v)) {
                    out[s] = NaN;
                    continue;
                }
                int i = 2 * s;
                double seen = state[i + 1];
                double y = seen == 0 ? v : state[i] + a * (v - state[i]);
                state[i] = y;
                state[i + 1] = ++seen;
                out[s] = seen >= d ? finiteOrNaN(y) : NaN;
            }
        }
    }
}
