package io.quarry.dsl.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Shapes of the window kernels and helpers to call and check them whole-series, for the kernel tests. */
final class Kernels {

    /** Absolute tolerance of the hand-computed expectations. */
    static final double EPS = 1e-12;

    private Kernels() {
    }

    @FunctionalInterface
    interface Uni {
        void apply(double[] x, double[] out, int off, int len, int d);
    }

    @FunctionalInterface
    interface Bi {
        void apply(double[] x, double[] y, double[] out, int off, int len, int d);
    }

    static double[] run(Uni k, double[] x, int d) {
        double[] out = new double[x.length];
        k.apply(x, out, 0, x.length, d);
        return out;
    }

    static double[] run(Bi k, double[] x, double[] y, int d) {
        double[] out = new double[x.length];
        k.apply(x, y, out, 0, x.length, d);
        return out;
    }

    /** Element-wise equality within {@link #EPS}, NaN where NaN is expected. */
    static void assertSeries(double[] actual, double... expected) {
        assertThat(actual).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            if (Double.isNaN(expected[i])) {
                assertThat(actual[i]).as("index %d", i).isNaN();
            } else {
                assertThat(actual[i]).as("index %d", i).isCloseTo(expected[i], within(EPS));
            }
        }
    }
}
