package io.quarry.dsl.eval;

import static io.quarry.dsl.eval.Kernels.run;
import io.quarry.dsl.eval.Kernels.Bi;
import io.quarry.dsl.eval.Kernels.Uni;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The fast window kernels against a naive per-window reference: for each row the window is
 * copied and its statistic computed directly (two-pass: mean first, then deviations).
 */
class WindowKernelsPropertyTest {

    private static final double REL = 1e-9;

    /** Shapes of random data. */
    enum Style {
        /** N(0, 1). */
        NORMAL,
        /** Small integers: many ties and exactly constant windows. */
        TIES,
        /** Stretches of 1 to 30 rows with scales from 1e-3 to 1e6. */
        REGIMES,
        /** 1e4 + N(0, 1). */
        PRICE,
        /** A random walk from 1e4 with N(0, 1) steps. */
        WALK,
        /** 1e8 + N(0, 1e6). */
        VOLUME
    }

    /** A statistic of one window (oldest first), or of two aligned windows. */
    @FunctionalInterface
    interface Stat {
        double of(double[] w, double[] v);
    }

    @Provide
    Arbitrary<Style> ordinary() {
        return Arbitraries.of(Style.NORMAL, Style.TIES, Style.REGIMES);
    }

    @Provide
    Arbitrary<Style> largeOffset() {
        return Arbitraries.of(Style.PRICE, Style.WALK, Style.VOLUME);
    }

    // ---------------------------------------------------------------- properties

    @Property(tries = 200)
    void fastKernelsMatchTheNaiveReference(@ForAll @IntRange(min = 1, max = 300) int len,
                                           @ForAll @IntRange(min = 1, max = 40) int d,
                                           @ForAll("ordinary") Style style,
                                           @ForAll long seed) {
        Random r = new Random(seed);
        double nanRate = new double[] {0, 0.02, 0.1}[r.nextInt(3)];
        double[] x = series(r, len, style, nanRate);
        double[] y = series(r, len, style, nanRate);
        checkAll(x, y, d);
        checkOrderStatistics(x, d);
        checkEma(x, d);
        checkShifts(x, r.nextInt(2 * len + 5) - len - 2);
    }

    @Property(tries = 200)
    void largeOffsetsStayWithinTolerance(@ForAll @IntRange(min = 1, max = 300) int len,
                                         @ForAll @IntRange(min = 1, max = 40) int d,
                                         @ForAll("largeOffset") Style xStyle,
                                         @ForAll("largeOffset") Style yStyle,
                                         @ForAll long seed) {
        Random r = new Random(seed);
        double nanRate = r.nextBoolean() ? 0 : 0.03;
        double[] x = series(r, len, xStyle, nanRate);
        double[] y = series(r, len, yStyle, nanRate);
        checkAll(x, y, d);
        checkEma(x, d);
    }

    @Property(tries = 200)
    void correlationOfTwoRowsIsPlusOrMinusOne(@ForAll @IntRange(min = 2, max = 300) int len,
                                              @ForAll Style xStyle, @ForAll Style yStyle,
                                              @ForAll long seed) {
        Random r = new Random(seed);
        double[] x = series(r, len, xStyle, 0.05);
        double[] y = series(r, len, yStyle, 0.05);
        double[] out = new double[len];
        WindowKernels.correlation(x, y, out, 0, len, 2);
        for (int t = 1; t < len; t++) {
            boolean defined = Double.isFinite(x[t]) && Double.isFinite(x[t - 1])
                    && Double.isFinite(y[t]) && Double.isFinite(y[t - 1])
                    && x[t] != x[t - 1] && y[t] != y[t - 1];
            boolean ok = defined
                    ? Math.abs(out[t] - Math.signum((x[t] - x[t - 1]) * (y[t] - y[t - 1]))) <= 1e-12
                    : Double.isNaN(out[t]);
            if (!ok) {
                fail("t=" + t + " corr=" + out[t]);
            }
        }
    }

    @Property(tries = 200)
    void constantRunGivesExactZeroDispersion(@ForAll @IntRange(min = 1, max = 30) int d,
                                             @ForAll @IntRange(min = 0, max = 20) int extra,
                                             @ForAll("largeOffset") Style style,
                                             @ForAll long seed) {
        Random r = new Random(seed);
        int before = r.nextInt(40);
        int run = d + extra;
        int len = before + run + r.nextInt(40);
        double[] x = series(r, len, style, 0.02);
        double[] y = series(r, len, style, 0.0);
        // A value with a full mantissa, so that sums of it are not exact.
        double c = x.length > 0 && Double.isFinite(x[0]) ? x[0] + r.nextGaussian() : 0.1;
        Arrays.fill(x, before, before + run, c);

        double[] var = run(WindowKernels::variance, x, d);
        double[] std = run(WindowKernels::stddev, x, d);
        double[] mean = run(WindowKernels::mean, x, d);
        double[] mad = run(WindowKernels::mad, x, d);
        double[] skew = run(WindowKernels::skew, x, d);
        double[] kurt = run(WindowKernels::kurt, x, d);
        double[] slope = run(WindowKernels::slope, x, d);
        double[] r2 = run(WindowKernels::rsquare, x, d);
        double[] resi = run(WindowKernels::resi, x, d);
        double[] cov = run(WindowKernels::covariance, x, y, d);
        double[] corr = run(WindowKernels::correlation, x, y, d);
        for (int t = before + d - 1; t < before + run; t++) {
            assertThat(mean[t]).isEqualTo(c);
            assertThat(mad[t]).isEqualTo(0.0);
            assertThat(skew[t]).isNaN();
            assertThat(kurt[t]).isNaN();
            assertThat(r2[t]).isNaN();
            assertThat(corr[t]).isNaN();
            if (d > 1) {
                assertThat(var[t]).as("t=%d", t).isEqualTo(0.0);
                assertThat(std[t]).isEqualTo(0.0);
                assertThat(slope[t]).isEqualTo(0.0);
                assertThat(resi[t]).isEqualTo(0.0);
                assertThat(cov[t]).isEqualTo(0.0);
            }
        }
    }

    // ---------------------------------------------------------------- checks

    private static void checkAll(double[] x, double[] y, int d) {
        check("sum", WindowKernels::sum, x, d, WindowKernelsPropertyTest::sum,
                (w, v) -> sumAbs(w));
        check("mean", WindowKernels::mean, x, d, (w, v) -> sum(w, v) / w.length,
                (w, v) -> maxAbs(w));
        check("variance", WindowKernels::variance, x, d, WindowKernelsPropertyTest::variance,
                (w, v) -> spread(w) * spread(w));
        check("stddev", WindowKernels::stddev, x, d, (w, v) -> Math.sqrt(variance(w, v)),
                (w, v) -> spread(w));
        check("mad", WindowKernels::mad, x, d, WindowKernelsPropertyTest::mad,
                (w, v) -> spread(w));
        check("skew", WindowKernels::skew, x, d, WindowKernelsPropertyTest::skew, (w, v) -> 1);
        check("kurt", WindowKernels::kurt, x, d, WindowKernelsPropertyTest::kurt, (w, v) -> 1);
        check("product", WindowKernels::product, x, d, WindowKernelsPropertyTest::product,
                (w, v) -> Double.MIN_NORMAL);
        check("decayLinear", WindowKernels::decayLinear, x, d,
                WindowKernelsPropertyTest::decayLinear, (w, v) -> maxAbs(w));
        check("slope", WindowKernels::slope, x, d, (w, v) -> regression(w)[0],
                (w, v) -> spread(w));
        check("rsquare", WindowKernels::rsquare, x, d, (w, v) -> regression(w)[1], (w, v) -> 1);
        check("resi", WindowKernels::resi, x, d, (w, v) -> regression(w)[2],
                (w, v) -> maxAbs(w));
        check("covariance", WindowKernels::covariance, x, y, d,
                WindowKernelsPropertyTest::covariance, (w, v) -> spread(w) * spread(v));
        check("correlation", WindowKernels::correlation, x, y, d,
                WindowKernelsPropertyTest::correlation, (w, v) -> 1);
    }

    private static void checkOrderStatistics(double[] x, int d) {
        check("tsMin", WindowKernels::tsMin, x, d, (w, v) -> sorted(w)[0], (w, v) -> 0);
        check("tsMax", WindowKernels::tsMax, x, d, (w, v) -> sorted(w)[w.length - 1],
                (w, v) -> 0);
        check("median", WindowKernels::median, x, d, WindowKernelsPropertyTest::median,
                (w, v) -> 0);
        check("tsRank", WindowKernels::tsRank, x, d, WindowKernelsPropertyTest::tsRank,
                (w, v) -> 0);
        check("tsArgMax", WindowKernels::tsArgMax, x, d, (w, v) -> argBest(w, 1), (w, v) -> 0);
        check("tsArgMin", WindowKernels::tsArgMin, x, d, (w, v) -> argBest(w, -1), (w, v) -> 0);
    }

    private static void check(String name, Uni fast, double[] x, int d, Stat naive, Stat floor) {
        check(name, (a, b, out, off, len, dd) -> fast.apply(a, out, off, len, dd), x, x, d,
                naive, floor);
    }

    /**
     * Runs the kernel on x (and y) placed at a non-zero offset inside padding, and compares each
     * output with the naive statistic of its window: equal within REL * max(|expected|, 1e-3 *
     * floor), where floor is the natural scale of the statistic (a floor of 0 demands exactness).
     */
    private static void check(String name, Bi fast, double[] x, double[] y, int d, Stat naive,
                              Stat floor) {
        int len = x.length;
        int off = 3;
        double[] px = pad(x, off);
        double[] py = pad(y, off);
        double[] out = new double[len + 2 * off];
        fast.apply(px, py, out, off, len, d);
        for (int t = 0; t < len; t++) {
            double actual = out[off + t];
            double expected = Double.NaN;
            double[] w = null;
            double[] v = null;
            if (t >= d - 1) {
                w = Arrays.copyOfRange(x, t - d + 1, t + 1);
                v = Arrays.copyOfRange(y, t - d + 1, t + 1);
                if (allFinite(w) && allFinite(v)) {
                    expected = naive.of(w, v);
                    expected = Double.isFinite(expected) ? expected : Double.NaN;
                }
            }
            boolean ok = Double.isNaN(expected)
                    ? Double.isNaN(actual)
                    : Math.abs(actual - expected)
                            <= REL * Math.max(Math.abs(expected), 1e-3 * floor.of(w, v));
            if (!ok) {
                fail(name + " d=" + d + " t=" + t + " window=" + Arrays.toString(w) + " other="
                        + Arrays.toString(v) + " actual=" + actual + " expected=" + expected);
            }
        }
        assertThat(out[off - 1]).isZero();
        assertThat(out[off + len]).isZero();
    }

    private static void checkEma(double[] x, int d) {
        double[] out = new double[x.length];
        WindowKernels.ema(x, out, 0, x.length, d);
        double a = 2.0 / (d + 1);
        double y = Double.NaN;
        int seen = 0;
        double scale = 0;
        for (int t = 0; t < x.length; t++) {
            double expected = Double.NaN;
            if (Double.isFinite(x[t])) {
                y = seen == 0 ? x[t] : a * x[t] + (1 - a) * y;
                seen++;
                scale = Math.max(scale, Math.abs(x[t]));
                if (seen >= d) {
                    expected = y;
                }
            }
            boolean ok = Double.isNaN(expected)
                    ? Double.isNaN(out[t])
                    : Math.abs(out[t] - expected)
                            <= REL * Math.max(Math.abs(expected), 1e-3 * scale);
            if (!ok) {
                fail("ema d=" + d + " t=" + t + " actual=" + out[t] + " expected=" + expected);
            }
        }
    }

    private static void checkShifts(double[] x, int d) {
        int len = x.length;
        double[] delay = new double[len];
        double[] delta = new double[len];
        WindowKernels.delay(x, delay, 0, len, d);
        WindowKernels.delta(x, delta, 0, len, d);
        for (int t = 0; t < len; t++) {
            int src = t - d;
            boolean inside = src >= 0 && src < len;
            double expectedDelay = inside ? x[src] : Double.NaN;
            double expectedDelta = inside ? x[t] - x[src] : Double.NaN;
            if (Double.compare(delay[t], expectedDelay) != 0
                    || Double.compare(delta[t], expectedDelta) != 0) {
                fail("d=" + d + " t=" + t + " delay=" + delay[t] + " delta=" + delta[t]);
            }
        }
    }

    // ---------------------------------------------------------------- naive statistics

    private static double sum(double[] w, double[] v) {
        double s = 0;
        for (double a : w) {
            s += a;
        }
        return s;
    }

    private static double mean(double[] w) {
        return sum(w, null) / w.length;
    }

    private static boolean constant(double[] w) {
        for (double a : w) {
            if (a != w[0]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Sum of (w - mean)^power, two-pass in coordinates shifted by w[0]: a mean near 1e4 cannot be
     * represented to better than 1e-12, which alone would move a near-zero skewness of a window
     * with unit spread by ~1e-11, so the reference works with the (exact) differences w - w[0].
     */
    private static double centralSum(double[] w, int power) {
        double m = 0;
        for (double a : w) {
            m += a - w[0];
        }
        m /= w.length;
        double s = 0;
        for (double a : w) {
            double z = (a - w[0]) - m;
            s += power == 2 ? z * z : power == 3 ? z * z * z : z * z * z * z;
        }
        return s;
    }

    private static double variance(double[] w, double[] v) {
        if (w.length < 2) {
            return Double.NaN;
        }
        return constant(w) ? 0 : centralSum(w, 2) / (w.length - 1);
    }

    private static double mad(double[] w, double[] v) {
        if (constant(w)) {
            return 0;
        }
        double m = mean(w);
        double s = 0;
        for (double a : w) {
            s += Math.abs(a - m);
        }
        return s / w.length;
    }

    private static double skew(double[] w, double[] v) {
        double n = w.length;
        if (n < 3 || constant(w)) {
            return Double.NaN;
        }
        double m2 = centralSum(w, 2) / n;
        double m3 = centralSum(w, 3) / n;
        return Math.sqrt(n * (n - 1)) / (n - 2) * m3 / Math.pow(m2, 1.5);
    }

    private static double kurt(double[] w, double[] v) {
        double n = w.length;
        if (n < 4 || constant(w)) {
            return Double.NaN;
        }
        double m2 = centralSum(w, 2) / n;
        double m4 = centralSum(w, 4) / n;
        double g2 = m4 / (m2 * m2) - 3;
        // G2 = ((n + 1) g2 + 6) (n - 1) / ((n - 2) (n - 3))
        return ((n + 1) * g2 + 6) * (n - 1) / ((n - 2) * (n - 3));
    }

    private static double product(double[] w, double[] v) {
        double p = 1;
        for (double a : w) {
            p *= a;
        }
        return p;
    }

    private static double decayLinear(double[] w, double[] v) {
        double s = 0;
        double weights = 0;
        for (int i = 0; i < w.length; i++) {
            s += (i + 1) * w[i];
            weights += i + 1;
        }
        return s / weights;
    }

    /** {slope, rsquare, resi} of w regressed on t = 1..d. */
    private static double[] regression(double[] w) {
        int n = w.length;
        if (n < 2) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN};
        }
        if (constant(w)) {
            return new double[] {0, Double.NaN, 0};
        }
        double tm = (n + 1) / 2.0;
        double xm = mean(w);
        double stx = 0;
        double stt = 0;
        double sxx = 0;
        for (int i = 0; i < n; i++) {
            double dt = i + 1 - tm;
            stx += dt * (w[i] - xm);
            stt += dt * dt;
            sxx += (w[i] - xm) * (w[i] - xm);
        }
        double slope = stx / stt;
        double intercept = xm - slope * tm;
        return new double[] {slope, stx * stx / (stt * sxx), w[n - 1] - (intercept + slope * n)};
    }

    private static double covariance(double[] w, double[] v) {
        if (w.length < 2) {
            return Double.NaN;
        }
        if (constant(w) || constant(v)) {
            return 0;
        }
        double mw = mean(w);
        double mv = mean(v);
        double s = 0;
        for (int i = 0; i < w.length; i++) {
            s += (w[i] - mw) * (v[i] - mv);
        }
        return s / (w.length - 1);
    }

    private static double correlation(double[] w, double[] v) {
        if (constant(w) || constant(v)) {
            return Double.NaN;
        }
        double mw = mean(w);
        double mv = mean(v);
        double sww = 0;
        double svv = 0;
        double swv = 0;
        for (int i = 0; i < w.length; i++) {
            sww += (w[i] - mw) * (w[i] - mw);
            svv += (v[i] - mv) * (v[i] - mv);
            swv += (w[i] - mw) * (v[i] - mv);
        }
        return swv / Math.sqrt(sww * svv);
    }

    private static double[] sorted(double[] w) {
        double[] s = w.clone();
        Arrays.sort(s);
        return s;
    }

    private static double median(double[] w, double[] v) {
        double[] s = sorted(w);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private static double tsRank(double[] w, double[] v) {
        double today = w[w.length - 1];
        double rankSum = 0;
        int ties = 0;
        double[] s = sorted(w);
        for (int i = 0; i < s.length; i++) {
            if (s[i] == today) {
                rankSum += i + 1;
                ties++;
            }
        }
        return rankSum / ties / w.length;
    }

    /** 1-based position of the first (oldest) maximum of sign * w. */
    private static double argBest(double[] w, double sign) {
        int best = 0;
        for (int i = 1; i < w.length; i++) {
            if (sign * w[i] > sign * w[best]) {
                best = i;
            }
        }
        return best + 1;
    }

    // ---------------------------------------------------------------- data

    private static double[] series(Random r, int len, Style style, double nanRate) {
        double[] x = new double[len];
        double level = 1e4;
        double scale = 1;
        for (int t = 0; t < len; t++) {
            switch (style) {
                case NORMAL -> x[t] = r.nextGaussian();
                case TIES -> x[t] = r.nextInt(4);
                case REGIMES -> {
                    if (t == 0 || r.nextInt(15) == 0) {
                        scale = Math.pow(10, -3 + 9 * r.nextDouble());
                        level = scale * 3 * r.nextGaussian();
                    }
                    x[t] = level + scale * r.nextGaussian();
                }
                case PRICE -> x[t] = 1e4 + r.nextGaussian();
                case WALK -> {
                    level += r.nextGaussian();
                    x[t] = level;
                }
                case VOLUME -> x[t] = 1e8 + 1e6 * r.nextGaussian();
                default -> throw new IllegalStateException();
            }
            if (r.nextDouble() < nanRate) {
                x[t] = Double.NaN;
            }
        }
        return x;
    }

    private static double[] pad(double[] x, int off) {
        double[] p = new double[x.length + 2 * off];
        Arrays.fill(p, 1e300); // would show up in any statistic that read it
        System.arraycopy(x, 0, p, off, x.length);
        return p;
    }

    private static boolean allFinite(double[] w) {
        for (double a : w) {
            if (!Double.isFinite(a)) {
                return false;
            }
        }
        return true;
    }

    private static double sumAbs(double[] w) {
        double s = 0;
        for (double a : w) {
            s += Math.abs(a);
        }
        return s;
    }

    private static double maxAbs(double[] w) {
        double m = 0;
        for (double a : w) {
            m = Math.max(m, Math.abs(a));
        }
        return m;
    }

    private static double spread(double[] w) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double a : w) {
            lo = Math.min(lo, a);
            hi = Math.max(hi, a);
        }
        return hi - lo;
    }
}
