package io.quarry.dsl.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The batch kernels that compute many short windows at once ({@link ShortWindows}) give the same
 * bits as the per-window textbook functions the incremental evaluator calls, and {@code rank}
 * with reused scratch the same bits as a fresh call: batch and streaming must agree bit for bit.
 */
class ShortWindowsTest {

    @Property(tries = 300)
    void blockedWindowsEqualTheTextbookWindowByWindow(@ForAll @IntRange(min = 1, max = 700) int len,
                                                       @ForAll @IntRange(min = 1, max = 32) int d,
                                                       @ForAll long seed) {
        Random r = new Random(seed);
        double[] x = series(r, len);
        double[] y = series(r, len);
        for (int kind : new int[] {WindowKernels.SUM, WindowKernels.MEAN, WindowKernels.VARIANCE,
                WindowKernels.STDDEV}) {
            Kernels.Uni kernel = switch (kind) {
                case WindowKernels.SUM -> WindowKernels::sum;
                case WindowKernels.MEAN -> WindowKernels::mean;
                case WindowKernels.VARIANCE -> WindowKernels::variance;
                default -> WindowKernels::stddev;
            };
            assertSameBits(Kernels.run(kernel, x, d), x, null, d,
                    from -> WindowKernels.textbookMoment(x, from, d, kind));
        }
        assertSameBits(Kernels.run(WindowKernels::covariance, x, y, d), x, y, d,
                from -> WindowKernels.textbookComoment(x, y, from, d, WindowKernels.COVARIANCE));
        assertSameBits(Kernels.run(WindowKernels::correlation, x, y, d), x, y, d,
                from -> WindowKernels.textbookComoment(x, y, from, d, WindowKernels.CORRELATION));
        assertSameBits(Kernels.run(WindowKernels::decayLinear, x, d), x, null, d,
                from -> WindowKernels.textbookDecayLinear(x, from, d));
        assertSameBits(Kernels.run(WindowKernels::tsRank, x, d), x, null, d, from -> {
            double today = x[from + d - 1];
            int less = 0;
            int equal = 0;
            for (int j = from; j < from + d; j++) {
                less += x[j] < today ? 1 : 0;
                equal += x[j] == today ? 1 : 0;
            }
            return (less + (equal + 1) * 0.5) / d;
        });
    }

    @Property(tries = 300)
    void rankWithReusedScratchEqualsAFreshRank(@ForAll @IntRange(min = 0, max = 600) int n,
                                               @ForAll long seed) {
        Random r = new Random(seed);
        CrossSectionKernels.RankScratch scratch = new CrossSectionKernels.RankScratch(n);
        for (int row = 0; row < 4; row++) {
            double[] in = series(r, n);
            double[] fresh = new double[n];
            double[] reused = new double[n];
            CrossSectionKernels.rank(in, fresh, n);
            CrossSectionKernels.rank(in, reused, n, scratch);
            for (int i = 0; i < n; i++) {
                assertThat(Double.doubleToRawLongBits(reused[i]))
                        .as("i=%d", i).isEqualTo(Double.doubleToRawLongBits(fresh[i]));
            }
        }
    }

    @FunctionalInterface
    private interface Window {
        double at(int from);
    }

    /** Every window of present values has the textbook's bits; every other row is NaN. */
    private static void assertSameBits(double[] out, double[] x, double[] y, int d, Window textbook) {
        for (int t = 0; t < x.length; t++) {
            boolean present = t >= d - 1;
            for (int j = t - d + 1; present && j <= t; j++) {
                present = Double.isFinite(x[j]) && (y == null || Double.isFinite(y[j]));
            }
            double expected = present ? textbook.at(t - d + 1) : Double.NaN;
            assertThat(Double.doubleToRawLongBits(out[t]))
                    .as("d=%d t=%d: %s vs %s", d, t, out[t], expected)
                    .isEqualTo(Double.doubleToRawLongBits(expected));
        }
    }

    /**
     * Values with ties, constant stretches, signed zeros, large offsets, extreme magnitudes and
     * missing values (NaN, infinities).
     */
    private static double[] series(Random r, int len) {
        double[] x = new double[len];
        int style = r.nextInt(4);
        for (int i = 0; i < len; i++) {
            double u = r.nextDouble();
            if (u < 0.03) {
                x[i] = r.nextBoolean() ? Double.NaN : Double.POSITIVE_INFINITY;
            } else if (u < 0.10 && i > 0) {
                x[i] = x[i - 1];
            } else if (u < 0.13) {
                x[i] = r.nextBoolean() ? 0.0 : -0.0;
            } else {
                x[i] = switch (style) {
                    case 0 -> r.nextInt(5) / 4.0;
                    case 1 -> 1e4 + r.nextGaussian();
                    case 2 -> r.nextGaussian() * Math.pow(10, r.nextInt(600) - 300);
                    default -> r.nextGaussian();
                };
            }
        }
        return x;
    }
}
