package io.quarry.dsl.eval;

import java.util.Arrays;

/**
 * Time-series kernels of the alpha language (DESIGN.md, "Operator semantics").
 *
 * <p>Every kernel processes one symbol's history: it reads {@code x[off .. off+len)} (oldest
 * first, one value per calendar row) and writes {@code out[off .. off+len)}; nothing outside that
 * range is read or written. {@code out} must not be the same array as an input. {@code d} is the
 * window length (the last {@code d} rows, today included).
 *
 * <p>Common rules: a window result is NaN unless all {@code d} values of the window are present
 * (pandas {@code rolling(d)}), so the first {@code d - 1} outputs are NaN and a missing value
 * makes exactly the {@code d} outputs whose windows contain it NaN. A value is present when it is
 * finite: an infinite input is treated as missing, like NaN. Every non-finite result is NaN.
 *
 * <p>The kernels keep no shared state (scratch is allocated per call or, for the short windows,
 * reused per thread), so they may run concurrently on disjoint ranges of the same arrays.
 *
 * <p>Algorithms. Since a valid window lies inside a run of consecutive present values, each run is
 * split into blocks of {@code d} rows and a window is the union of a suffix of one block and a
 * prefix of the next (van Herk / Gil-Werman). Suffix aggregates of the previous block and a
 * running prefix aggregate of the current one give every window in O(1) without ever subtracting
 * a value that left the window, so no rounding error can accumulate: min/max/argmin/argmax,
 * product, and the moment statistics. For the latter each part keeps plain sums (of v, v^2, ...)
 * of its values shifted by the part's own value nearest the block border, v = x - ref (the last
 * row of a suffix, the first row of a prefix); both parts are turned into (mean, sum of squared
 * deviations, co-moment) and merged with Chan's formula. Since ref is one of the part's values,
 * sum(v^2) is at most (n + 1) times the sum of squared deviations, so forming the latter loses
 * no more than log10(n + 1) digits whatever the data's offset, and values outside the window
 * never enter. An exactly constant window has every v exactly 0: its mean is exactly its value
 * and its variance and covariance are exactly 0.
 */
final class WindowKernels {

    // Statistics served by the shared engines.
    /**
     * Windows up to this length use {@link #textbookMoment} (whole series: {@link ShortWindows},
     * the same bits); longer ones the O(1) block updates.
     */
    static final int TEXTBOOK_WINDOW = 32;

    static final int SUM = 0;
    static final int MEAN = 1;
    static final int VARIANCE = 2;
    static final int STDDEV = 3;
    static final int COVARIANCE = 4;
    static final int CORRELATION = 5;
    static final int SLOPE = 6;
    static final int RSQUARE = 7;
    static final int RESI = 8;
    static final int DECAY_LINEAR = 9;
    static final int SKEW = 10;
    static final int KURT = 11;
    static final int MAD = 12;

    private WindowKernels() {
    }

    // ---------------------------------------------------------------- shifts

    /**
     * {@code delay(x, d)}: {@code out[t] = x[t - d]}, NaN where {@code t - d} falls outside the
     * series. {@code d} may be zero or negative (a forward-looking label).
     */
    static void delay(double[] x, double[] out, int off, int len, int d) {
        int end = off + len;
        for (int t = off; t < end; t++) {
            long src = (long) t - d;
            out[t] = src >= off && src < end ? finiteOrNaN(x[(int) src]) : Double.NaN;
        }
    }

    /**
     * {@code delta(x, d)}: {@code x[t] - x[t - d]}, NaN where {@code t - d} falls outside the
     * series; {@code d} may be zero or negative.
     */
    static void delta(double[] x, double[] out, int off, int len, int d) {
        int end = off + len;
        for (int t = off; t < end; t++) {
            long src = (long) t - d;
            out[t] = src >= off && src < end ? finiteOrNaN(x[t] - x[(int) src]) : Double.NaN;
        }
    }

    // ---------------------------------------------------------------- moment statistics

    /** {@code sum(x, d)}: sum of the window. O(1) per output. */
    static void sum(double[] x, double[] out, int off, int len, int d) {
        moments(x, out, off, len, d, SUM);
    }

    /** {@code mean(x, d)}: arithmetic mean of the window. O(1) per output. */
    static void mean(double[] x, double[] out, int off, int len, int d) {
        moments(x, out, off, len, d, MEAN);
    }

    /**
     * {@code var(x, d)}: sample variance (ddof 1) of the window; NaN for d = 1. O(1) per output.
     */
    static void variance(double[] x, double[] out, int off, int len, int d) {
        moments(x, out, off, len, d, VARIANCE);
    }

    /**
     * {@code stddev(x, d)}: sample standard deviation (ddof 1); NaN for d = 1. O(1) per output.
     */
    static void stddev(double[] x, double[] out, int off, int len, int d) {
        moments(x, out, off, len, d, STDDEV);
    }

    /**
     * {@code covariance(x, y, d)}: sample covariance (ddof 1) of the two windows; a row is present
     * when both values are. NaN for d = 1. O(1) per output.
     */
    static void covariance(double[] x, double[] y, double[] out, int off, int len, int d) {
        comoments(x, y, out, off, len, d, COVARIANCE);
    }

    /**
     * {@code correlation(x, y, d)}: Pearson correlation of the two windows, clamped to [-1, 1];
     * NaN when either window is constant. O(1) per output.
     */
    static void correlation(double[] x, double[] y, double[] out, int off, int len, int d) {
        comoments(x, y, out, off, len, d, CORRELATION);
    }

    /** Moment engine for SUM, MEAN, VARIANCE, STDDEV. */
    private static void moments(double[] x, double[] out, int off, int len, int d, int kind) {
        if (!windowFits(out, off, len, d)) {
            return;
        }
        if (d == 1) { // ShortWindows.moments needs d >= 2
            forEachRun(x, null, out, off, len, d, (s, e) -> {
                for (int t = s; t < e; t++) {
                    out[t] = textbookMoment(x, t, d, kind);
                }
            });
            return;
        }
        if (d <= TEXTBOOK_WINDOW) {
            double[][] scratch = ShortWindows.scratch();
            forEachRun(x, null, out, off, len, d,
                    (s, e) -> ShortWindows.moments(x, out, s, e, d, kind, scratch));
            return;
        }
        double[] inv = reciprocals(d);
        double[] sufS1 = new double[d];
        double[] sufS2 = new double[d];
        forEachRun(x, null, out, off, len, d,
                (s, e) -> momentsRun(x, out, s, e, d, kind, inv, sufS1, sufS2));
    }

    private static void momentsRun(double[] x, double[] out, int s, int e, int d, int kind,
                                   double[] inv, double[] sufS1, double[] sufS2) {
        double invD = inv[d];
        for (int b = s; b < e; b += d) {
            int p = b - d;
            double refA = 0;
            if (b > s) {
                // Suffix sums of the previous block [p, b) for the window starts a in (p, b),
                // shifted by the block's last value.
                refA = x[b - 1];
                double s1 = 0;
                double s2 = 0;
                for (int a = b - 1; a > p; a--) {
                    double v = x[a] - refA;
                    s1 += v;
                    s2 += v * v;
                    sufS1[a - p] = s1;
                    sufS2[a - p] = s2;
                }
            }
            double refB = x[b];
            double s1 = 0;
            double s2 = 0;
            int blockEnd = Math.min(b + d, e);
            for (int t = b, n = 1; t < blockEnd; t++, n++) {
                double v = x[t] - refB;
                s1 += v;
                s2 += v * v;
                double meanB = s1 * inv[n];
                double m2B = s2 - s1 * meanB;
                if (n == d) {
                    out[t] = momentResult(kind, refB + meanB, m2B, d);
                } else if (b > s) {
                    int k = t - d + 1 - p;
                    int nA = d - n;
                    double meanA = sufS1[k] * inv[nA];
                    double m2A = sufS2[k] - sufS1[k] * meanA;
                    double delta = (refB - refA) + (meanB - meanA);
                    double mean = refB + (meanB - delta * nA * invD);
                    double m2 = m2A + m2B + delta * delta * ((double) nA * n * invD);
                    out[t] = momentResult(kind, mean, m2, d);
                }
            }
        }
    }

    static double momentResult(int kind, double mean, double m2, int d) {
        double r;
        switch (kind) {
            case SUM:
                r = mean * d;
                break;
            case MEAN:
                r = mean;
                break;
            case VARIANCE:
                r = d > 1 ? Math.max(0, m2) / (d - 1) : Double.NaN;
                break;
            default:
                r = d > 1 ? Math.sqrt(Math.max(0, m2) / (d - 1)) : Double.NaN;
                break;
        }
        return finiteOrNaN(r);
    }

    /** Bivariate moment engine for COVARIANCE and CORRELATION. */
    private static void comoments(double[] x, double[] y, double[] out, int off, int len, int d,
                                  int kind) {
        if (!windowFits(out, off, len, d)) {
            return;
        }
        if (d <= 2) { // the textbook's own cases: NaN for d = 1, exactly +-1 correlations for d = 2
            forEachRun(x, y, out, off, len, d, (s, e) -> {
                for (int t = s + d - 1; t < e; t++) {
                    out[t] = textbookComoment(x, y, t - d + 1, d, kind);
                }
            });
            return;
        }
        if (d <= TEXTBOOK_WINDOW) {
            double[][] scratch = ShortWindows.scratch();
            forEachRun(x, y, out, off, len, d,
                    (s, e) -> ShortWindows.comoments(x, y, out, s, e, d, kind, scratch));
            return;
        }
        double[] inv = reciprocals(d);
        // Suffix sums of the previous block: x, y, x^2, y^2, x*y (shifted).
        double[][] suf = new double[5][d];
        forEachRun(x, y, out, off, len, d,
                (s, e) -> comomentsRun(x, y, out, s, e, d, kind, inv, suf));
    }

    private static void comomentsRun(double[] x, double[] y, double[] out, int s, int e, int d,
                                     int kind, double[] inv, double[][] suf) {
        double[] sX = suf[0];
        double[] sY = suf[1];
        double[] sXX = suf[2];
        double[] sYY = suf[3];
        double[] sXY = suf[4];
        double invD = inv[d];
        for (int b = s; b < e; b += d) {
            int p = b - d;
            double refAx = 0;
            double refAy = 0;
            if (b > s) {
                refAx = x[b - 1];
                refAy = y[b - 1];
                double sx = 0;
                double sy = 0;
                double sxx = 0;
                double syy = 0;
                double sxy = 0;
                for (int a = b - 1; a > p; a--) {
                    double vx = x[a] - refAx;
                    double vy = y[a] - refAy;
                    sx += vx;
                    sy += vy;
                    sxx += vx * vx;
                    syy += vy * vy;
                    sxy += vx * vy;
                    int k = a - p;
                    sX[k] = sx;
                    sY[k] = sy;
                    sXX[k] = sxx;
                    sYY[k] = syy;
                    sXY[k] = sxy;
                }
            }
            double refBx = x[b];
            double refBy = y[b];
            double sx = 0;
            double sy = 0;
            double sxx = 0;
            double syy = 0;
            double sxy = 0;
            int blockEnd = Math.min(b + d, e);
            for (int t = b, n = 1; t < blockEnd; t++, n++) {
                double vx = x[t] - refBx;
                double vy = y[t] - refBy;
                sx += vx;
                sy += vy;
                sxx += vx * vx;
                syy += vy * vy;
                sxy += vx * vy;
                double mx = sx * inv[n];
                double my = sy * inv[n];
                double m2x = sxx - sx * mx;
                double m2y = syy - sy * my;
                double c = sxy - sx * my;
                if (n == d) {
                    out[t] = comomentResult(kind, m2x, m2y, c, d);
                } else if (b > s) {
                    int k = t - d + 1 - p;
                    double invA = inv[d - n];
                    double mAx = sX[k] * invA;
                    double mAy = sY[k] * invA;
                    double f = (double) (d - n) * n * invD;
                    double deltaX = (refBx - refAx) + (mx - mAx);
                    double deltaY = (refBy - refAy) + (my - mAy);
                    out[t] = comomentResult(kind,
                            (sXX[k] - sX[k] * mAx) + m2x + deltaX * deltaX * f,
                            (sYY[k] - sY[k] * mAy) + m2y + deltaY * deltaY * f,
                            (sXY[k] - sX[k] * mAy) + c + deltaX * deltaY * f, d);
                }
            }
        }
    }

    static double comomentResult(int kind, double m2x, double m2y, double c, int d) {
        if (kind == COVARIANCE) {
            return d > 1 ? finiteOrNaN(c / (d - 1)) : Double.NaN;
        }
        if (m2x <= 0 || m2y <= 0) {
            return Double.NaN;
        }
        double r = c / (Math.sqrt(m2x) * Math.sqrt(m2y));
        return r != r ? Double.NaN : Math.max(-1.0, Math.min(1.0, r));
    }

    // ---------------------------------------------------------------- regression on time

    /**
     * {@code slope(x, d)}: least-squares slope of the window regressed on t = 1..d; 0 on a
     * constant window, NaN for d = 1. O(1) per output.
     */
    static void slope(double[] x, double[] out, int off, int len, int d) {
        trend(x, out, off, len, d, SLOPE);
    }

    /**
     * {@code rsquare(x, d)}: coefficient of determination of the regression on t = 1..d; NaN on a
     * constant window and for d = 1. O(1) per output.
     */
    static void rsquare(double[] x, double[] out, int off, int len, int d) {
        trend(x, out, off, len, d, RSQUARE);
    }

    /**
     * {@code resi(x, d)}: today's residual {@code x_d - (intercept + slope * d)} of the regression
     * on t = 1..d; 0 on a constant window, NaN for d = 1. O(1) per output.
     */
    static void resi(double[] x, double[] out, int off, int len, int d) {
        trend(x, out, off, len, d, RESI);
    }

    /**
     * {@code decay_linear(x, d)}: weighted mean with weights d (today), d-1, ..., 1 (oldest)
     * normalised to sum 1. O(1) per output.
     */
    static void decayLinear(double[] x, double[] out, int off, int len, int d) {
        if (d <= TEXTBOOK_WINDOW && windowFits(out, off, len, d)) {
            // Integer weights summed oldest first, divided once: exact for integer-valued inputs
            // (booleans), so windows with equal weighted sums tie exactly.
            double[][] scratch = ShortWindows.scratch();
            forEachRun(x, null, out, off, len, d,
                    (s, e) -> ShortWindows.decayLinear(x, out, s, e, d, scratch));
            return;
        }
        trend(x, out, off, len, d, DECAY_LINEAR);
    }

    /**
     * DECAY_LINEAR of one short window x[from, from + d): integer weights summed oldest first,
     * divided once.
     */
    static double textbookDecayLinear(double[] x, int from, int d) {
        double weights = d * (d + 1) / 2.0;
        double sum = 0;
        for (int i = 0; i < d; i++) {
            sum += x[from + i] * (i + 1);
        }
        return finiteOrNaN(sum / weights);
    }

    /**
     * Engine for the statistics of x against its row position t = 1..d (SLOPE, RSQUARE, RESI,
     * DECAY_LINEAR): the moment sums of x plus a position-weighted sum, from which the co-moment
     * with the position follows, since the mean position of a contiguous range is known.
     */
    private static void trend(double[] x, double[] out, int off, int len, int d, int kind) {
        if (!windowFits(out, off, len, d)) {
            return;
        }
        double[] inv = reciprocals(d);
        double[] sufS1 = new double[d];
        double[] sufS2 = new double[d];
        double[] sufC = new double[d];
        forEachRun(x, null, out, off, len, d,
                (s, e) -> trendRun(x, out, s, e, d, kind, inv, sufS1, sufS2, sufC));
    }

    private static void trendRun(double[] x, double[] out, int s, int e, int d, int kind,
                                 double[] inv, double[] sufS1, double[] sufS2, double[] sufC) {
        double invD = inv[d];
        for (int b = s; b < e; b += d) {
            int p = b - d;
            double refA = 0;
            if (b > s) {
                refA = x[b - 1];
                double s1 = 0;
                double s2 = 0;
                double q = 0; // sum of j * v over the rows b-1-j of the suffix
                for (int a = b - 1, n = 1; a > p; a--, n++) {
                    double v = x[a] - refA;
                    s1 += v;
                    s2 += v * v;
                    q += (n - 1) * v;
                    sufS1[a - p] = s1;
                    sufS2[a - p] = s2;
                    // Row b-1-j lies (n-1)/2 - j rows after the mean position of [a, b).
                    sufC[a - p] = (n - 1) * 0.5 * s1 - q;
                }
            }
            double refB = x[b];
            double s1 = 0;
            double s2 = 0;
            double q = 0; // sum of j * v over the rows b+j of the prefix
            int blockEnd = Math.min(b + d, e);
            for (int t = b, n = 1; t < blockEnd; t++, n++) {
                double v = x[t] - refB;
                s1 += v;
                s2 += v * v;
                q += (n - 1) * v;
                double meanB = s1 * inv[n];
                double m2B = s2 - s1 * meanB;
                // Row b+j lies j - (n-1)/2 rows after the mean position of [b, t].
                double cB = q - (n - 1) * 0.5 * s1;
                if (n == d) {
                    out[t] = trendResult(kind, refB + meanB, v - meanB, m2B, cB, d);
                } else if (b > s) {
                    int k = t - d + 1 - p;
                    int nA = d - n;
                    double meanA = sufS1[k] * inv[nA];
                    double m2A = sufS2[k] - sufS1[k] * meanA;
                    double delta = (refB - refA) + (meanB - meanA);
                    double shift = meanB - delta * nA * invD; // window mean - refB
                    // The mean positions of the two parts are d / 2 rows apart.
                    double f = (double) nA * n;
                    out[t] = trendResult(kind, refB + shift, v - shift,
                            m2A + m2B + delta * delta * f * invD,
                            sufC[k] + cB + delta * f * 0.5, d);
                }
            }
        }
    }

    /**
     * @param mean  window mean of x
     * @param today x today minus the window mean
     * @param m2    sum of squared deviations of x
     * @param c     sum of (t - mean t) * (x - mean x)
     */
    static double trendResult(int kind, double mean, double today, double m2, double c,
                                      int d) {
        if (kind == DECAY_LINEAR) {
            // sum(t * x) = c + mean(t) * sum(x), divided by the weight total d (d + 1) / 2.
            return finiteOrNaN(mean + 2 * c / ((double) d * (d + 1)));
        }
        if (d < 2) {
            return Double.NaN;
        }
        double stt = (double) d * ((double) d * d - 1) / 12;
        double slope = c / stt;
        double r;
        switch (kind) {
            case SLOPE:
                r = slope;
                break;
            case RSQUARE:
                r = m2 <= 0 ? Double.NaN : Math.min(1.0, slope * (c / m2));
                break;
            default:
                // The fitted value at t = d is mean + slope * (d - (d + 1) / 2).
                r = today - slope * (d - 1) * 0.5;
                break;
        }
        return finiteOrNaN(r);
    }

    // ---------------------------------------------------------------- extremes and product

    /** {@code ts_min(x, d)}: minimum of the window. O(1) per output. */
    static void tsMin(double[] x, double[] out, int off, int len, int d) {
        extremum(x, out, off, len, d, -1.0, false);
    }

    /** {@code ts_max(x, d)}: maximum of the window. O(1) per output. */
    static void tsMax(double[] x, double[] out, int off, int len, int d) {
        extremum(x, out, off, len, d, 1.0, false);
    }

    /**
     * {@code ts_argmax(x, d)}: 1-based position of the window maximum counted from the oldest row
     * (oldest = 1, today = d); ties go to the oldest. O(1) per output.
     */
    static void tsArgMax(double[] x, double[] out, int off, int len, int d) {
        extremum(x, out, off, len, d, 1.0, true);
    }

    /**
     * {@code ts_argmin(x, d)}: 1-based position of the window minimum counted from the oldest row
     * (oldest = 1, today = d); ties go to the oldest. O(1) per output.
     */
    static void tsArgMin(double[] x, double[] out, int off, int len, int d) {
        extremum(x, out, off, len, d, -1.0, true);
    }

    /**
     * Maximum of {@code sign * x} (so sign -1 gives the minimum) and its oldest position, from
     * suffix maxima of the previous block and the running prefix maximum.
     */
    private static void extremum(double[] x, double[] out, int off, int len, int d, double sign,
                                 boolean position) {
        if (!windowFits(out, off, len, d)) {
            return;
        }
        double[] sufBest = new double[d];
        int[] sufPos = new int[d];
        forEachRun(x, null, out, off, len, d,
                (s, e) -> extremumRun(x, out, s, e, d, sign, position, sufBest, sufPos));
    }

    private static void extremumRun(double[] x, double[] out, int s, int e, int d, double sign,
                                    boolean position, double[] sufBest, int[] sufPos) {
        for (int b = s; b < e; b += d) {
            int p = b - d;
            if (b > s) {
                double best = Double.NEGATIVE_INFINITY;
                int pos = b - 1;
                for (int a = b - 1; a > p; a--) {
                    double v = sign * x[a];
                    if (v >= best) { // going backwards, >= moves to the older of equal values
                        best = v;
                        pos = a;
                    }
                    sufBest[a - p] = best;
                    sufPos[a - p] = pos;
                }
            }
            double best = Double.NEGATIVE_INFINITY;
            int pos = b;
            int blockEnd = Math.min(b + d, e);
            for (int t = b, n = 1; t < blockEnd; t++, n++) {
                double v = sign * x[t];
                if (v > best) {
                    best = v;
                    pos = t;
                }
                if (n == d || b > s) {
                    double wBest = best;
                    int wPos = pos;
                    if (n < d) {
                        int k = t - d + 1 - p;
                        if (sufBest[k] >= best) { // on a tie the suffix part is the older
                            wBest = sufBest[k];
                            wPos = sufPos[k];
                        }
                    }
                    out[t] = position ? wPos - (t - d) : sign * wBest;
                }
            }
        }
    }

    /**
     * {@code product(x, d)}: product of the window, from suffix and prefix products. O(1) per
     * output.
     */
    static void product(double[] x, double[] out, int off, int len, int d) {
        if (!windowFits(out, off, len, d)) {
            return;
        }
        double[] sufProd = new double[d];
        forEachRun(x, null, out, off, len, d, (s, e) -> productRun(x, out, s, e, d, sufProd));
    }

    private static void productRun(double[] x, double[] out, int s, int e, int d,
                                   double[] sufProd) {
        for (int b = s; b < e; b += d) {
            int p = b - d;
            if (b > s) {
                double prod = 1;
                for (int a = b - 1; a > p; a--) {
                    prod *= x[a];
                    sufProd[a - p] = prod;
                }
            }
            double prod = 1;
            int blockEnd = Math.min(b + d, e);
            for (int t = b, n = 1; t < blockEnd; t++, n++) {
                prod *= x[t];
                if (n == d) {
                    out[t] = finiteOrNaN(prod);
                } else if (b > s) {
                    out[t] = finiteOrNaN(sufProd[t - d + 1 - p] * prod);
                }
            }
        }
    }

    // ---------------------------------------------------------------- order statistics

    /**
     * {@code med(x, d)}: median of the window, the mean of the two middle values for even d.
     * Keeps the window sorted: O(log d) search plus an O(d) shift per output.
     */
    static void median(double[] x, double[] out, int off, int len, int d) {
        if (!windowFits(out, off, len, d)) {
            return;
        }
        double[] sorted = new double[d];
        forEachRun(x, null, out, off, len, d, (s, e) -> {
            System.arraycopy(x, s, sorted, 0, d);
            Arrays.sort(sorted);
            out[s + d - 1] = middle(sorted, 0, d);
            for (int t = s + d; t < e; t++) {
                replaceSorted(sorted, 0, d, x[t - d], x[t]);
                out[t] = middle(sorted, 0, d);
            }
        });
    }

    /** The median of the sorted sorted[off, off + d). */
    static double middle(double[] sorted, int off, int d) {
        int h = off + (d >>> 1);
        return (d & 1) == 1 ? sorted[h] : finiteOrNaN((sorted[h - 1] + sorted[h]) * 0.5);
    }

    /** Replaces one occurrence of {@code old} by {@code nw} in the sorted sorted[off, off + d). */
    static void replaceSorted(double[] sorted, int off, int d, double old, double nw) {
        int lo = off;
        int hi = off + d - 1;
        while (lo < hi) { // first index holding old (present, so found)
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < old) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        int i = lo;
        if (nw > old) {
            while (i + 1 < off + d && sorted[i + 1] < nw) {
                sorted[i] = sorted[i + 1];
                i++;
            }
        } else {
            while (i > off && sorted[i - 1] > nw) {
                sorted[i] = sorted[i - 1];
                i--;
            }
        }
        sorted[i] = nw;
    }

    /**
     * {@code ts_rank(x, d)}: (average 1-based rank of today's value among the window's values,
     * ties by exact equality) / d, in (0, 1]. O(d) per output.
     */
    static void tsRank(double[] x, double[] out, int off, int len, int d) {
        if (!windowFits(out, off, len, d)) {
            return;
        }
        double[][] scratch = ShortWindows.scratch();
        forEachRun(x, null, out, off, len, d,
                (s, e) -> ShortWindows.tsRank(x, out, s, e, d, scratch));
    }

    // ---------------------------------------------------------------- per-window two-pass

    /**
     * {@code mad(x, d)}: mean absolute deviation from the window mean; two-pass, O(d) per output.
     */
    static void mad(double[] x, double[] out, int off, int len, int d) {
        twoPass(x, out, off, len, d, MAD);
    }

    /**
     * {@code skew(x, d)}: pandas' bias-corrected sample skewness
     * {@code sqrt(n (n-1)) / (n-2) * m3 / m2^1.5} (central moments m_k = mean of deviations^k);
     * NaN for d < 3 and on a constant window. Two-pass, O(d) per output.
     */
    static void skew(double[] x, double[] out, int off, int len, int d) {
        twoPass(x, out, off, len, d, SKEW);
    }

    /**
     * {@code kurt(x, d)}: pandas' bias-corrected sample excess kurtosis
     * {@code ((n^2 - 1) m4 / m2^2 - 3 (n-1)^2) / ((n-2) (n-3))}; NaN for d < 4 and on a constant
     * window. Two-pass, O(d) per output.
     */
    static void kurt(double[] x, double[] out, int off, int len, int d) {
        twoPass(x, out, off, len, d, KURT);
    }

    /** Per-window two-pass loop for MAD, SKEW and KURT. */
    private static void twoPass(double[] x, double[] out, int off, int len, int d, int kind) {
        if (!windowFits(out, off, len, d)) {
            return;
        }
        if (kind == SKEW && d < 3 || kind == KURT && d < 4) {
            Arrays.fill(out, off, off + len, Double.NaN);
            return;
        }
        double[][] scratch = ShortWindows.scratch();
        forEachRun(x, null, out, off, len, d, (s, e) -> ShortWindows.twoPass(x, out, s, e, d, kind, scratch));
    }

    static double twoPassStat(double[] x, int from, int d, int kind) {
        double n = d;
        int to = from + d;
        // Deviations from the last value first: they are exact for nearby values, and all
        // exactly 0 on a constant window.
        double ref = x[to - 1];
        double shift = 0;
        for (int j = from; j < to; j++) {
            shift += x[j] - ref;
        }
        double mean = shift / n; // window mean - ref
        if (kind == MAD) {
            double abs = 0;
            for (int j = from; j < to; j++) {
                abs += Math.abs((x[j] - ref) - mean);
            }
            return abs / n;
        }
        double s2 = 0;
        double s3 = 0;
        double s4 = 0;
        for (int j = from; j < to; j++) {
            double z = (x[j] - ref) - mean;
            double z2 = z * z;
            s2 += z2;
            s3 += z2 * z;
            s4 += z2 * z2;
        }
        return skewOrKurt(s2, s3, s4, n, kind);
    }

    /** SKEW or KURT of a window of n values from the sums of its deviations' 2nd, 3rd, 4th powers. */
    static double skewOrKurt(double s2, double s3, double s4, double n, int kind) {
        if (s2 == 0) {
            return Double.NaN;
        }
        double m2 = s2 / n;
        if (kind == SKEW) {
            return Math.sqrt(n * (n - 1)) / (n - 2) * (s3 / n) / (m2 * Math.sqrt(m2));
        }
        return ((n * n - 1) * (s4 / n) / (m2 * m2) - 3 * (n - 1) * (n - 1)) / ((n - 2) * (n - 3));
    }

    // ---------------------------------------------------------------- textbook two-pass

    /**
     * SUM, MEAN, VARIANCE or STDDEV of one short window by the textbook two-pass method, summing
     * oldest first: mean = sum / d, then the squared deviations. Short windows are as cheap this
     * way as by block updates, and the result is bit-identical to a straightforward reference, so
     * mathematically equal statistics of different symbols stay equal (a later rank ties them the
     * same way in both). An exactly constant window gives 0.
     */
    static double textbookMoment(double[] x, int from, int d, int kind) {
        int to = from + d;
        double sum = 0;
        boolean constant = true;
        for (int j = from; j < to; j++) {
            sum += x[j];
            constant &= x[j] == x[from];
        }
        if (kind == SUM) {
            return finiteOrNaN(sum);
        }
        double mean = sum / d;
        if (kind == MEAN) {
            return finiteOrNaN(constant ? x[from] : mean);
        }
        if (d == 1) {
            return Double.NaN;
        }
        double s2 = 0;
        if (!constant) {
            for (int j = from; j < to; j++) {
                double z = x[j] - mean;
                s2 += z * z;
            }
        }
        double variance = s2 / (d - 1);
        return finiteOrNaN(kind == VARIANCE ? variance : Math.sqrt(variance));
    }

    /** COVARIANCE or CORRELATION of one short window, two-pass as {@link #textbookMoment}. */
    static double textbookComoment(double[] x, double[] y, int from, int d, int kind) {
        if (d == 1) {
            return Double.NaN;
        }
        int to = from + d;
        double sumX = 0;
        double sumY = 0;
        boolean constantX = true;
        boolean constantY = true;
        for (int j = from; j < to; j++) {
            sumX += x[j];
            sumY += y[j];
            constantX &= x[j] == x[from];
            constantY &= y[j] == y[from];
        }
        if (constantX || constantY) {
            return kind == COVARIANCE ? 0.0 : Double.NaN;
        }
        if (d == 2 && kind == CORRELATION) {
            // Two points are always on a line: exactly +-1, never 0.9999999999999998, so that a
            // later rank ties them instead of ordering rounding noise.
            return Math.signum(x[from + 1] - x[from]) * Math.signum(y[from + 1] - y[from]);
        }
        double meanX = sumX / d;
        double meanY = sumY / d;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int j = from; j < to; j++) {
            double dx = x[j] - meanX;
            double dy = y[j] - meanY;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        if (kind == COVARIANCE) {
            return finiteOrNaN(sxy / (d - 1));
        }
        double r = sxy / Math.sqrt(sxx * syy);
        return finiteOrNaN(Math.max(-1.0, Math.min(1.0, r)));
    }

    // ---------------------------------------------------------------- ema

    /**
     * {@code ema(x, d)}: {@code y = y_prev + a (x - y_prev)} with {@code a = 2 / (d + 1)}, seeded
     * with the first present value and updated on present values only (missing rows keep the
     * state). The output is y on rows where x is present and at least d present values have been
     * seen (today included), else NaN; the all-present window rule does not apply. O(1) per output.
     */
    static void ema(double[] x, double[] out, int off, int len, int d) {
        requireWindow(d);
        double a = 2.0 / (d + 1.0);
        double y = 0;
        long seen = 0;
        int end = off + len;
        for (int t = off; t < end; t++) {
            double v = x[t];
            if (!Double.isFinite(v)) {
                out[t] = Double.NaN;
                continue;
            }
            y = seen == 0 ? v : y + a * (v - y);
            seen++;
            out[t] = seen >= d ? finiteOrNaN(y) : Double.NaN;
        }
    }

    // ---------------------------------------------------------------- runs and helpers

    /** Fills the outputs of one run of present rows; see {@link #forEachRun}. */
    @FunctionalInterface
    private interface Run {
        /** Writes out[s + d - 1 .. e) for the run [s, e) of present rows, e - s >= d. */
        void fill(int s, int e);
    }

    /**
     * Splits [off, off + len) into maximal runs of rows where x (and y, unless null) are present,
     * hands every run of at least d rows to {@code run}, and writes NaN everywhere else: on the
     * missing rows, in runs shorter than d, and in the first d - 1 rows of each run.
     */
    private static void forEachRun(double[] x, double[] y, double[] out, int off, int len, int d,
                                   Run run) {
        int end = off + len;
        int t = off;
        while (t < end) {
            int s = t;
            while (t < end && Double.isFinite(x[t]) && (y == null || Double.isFinite(y[t]))) {
                t++;
            }
            if (t - s >= d) {
                Arrays.fill(out, s, s + d - 1, Double.NaN);
                run.fill(s, t);
            } else {
                Arrays.fill(out, s, t, Double.NaN);
            }
            if (t < end) {
                out[t++] = Double.NaN;
            }
        }
    }

    private static void requireWindow(int d) {
        if (d < 1) {
            throw new IllegalArgumentException("window length must be >= 1, got " + d);
        }
    }

    /**
     * Checks d and, when no window fits in the range, fills it with NaN so the caller can return
     * before allocating O(d) scratch.
     */
    private static boolean windowFits(double[] out, int off, int len, int d) {
        requireWindow(d);
        if (d > len) {
            Arrays.fill(out, off, off + len, Double.NaN);
            return false;
        }
        return true;
    }

    /** Reciprocals 1/n for n = 0..d (index 0 unused): the merges multiply instead of dividing. */
    static double[] reciprocals(int d) {
        double[] inv = new double[d + 1];
        for (int n = 1; n <= d; n++) {
            inv[n] = 1.0 / n;
        }
        return inv;
    }

    static double finiteOrNaN(double v) {
        return Double.isFinite(v) ? v : Double.NaN;
    }
}
