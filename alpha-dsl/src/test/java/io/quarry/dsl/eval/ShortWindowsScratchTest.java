package io.quarry.dsl.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The short-window kernels share their scratch arrays per thread: a kernel must give the same bits
 * whatever an earlier kernel (another operator, window or series length) left in them.
 */
class ShortWindowsScratchTest {

    private static final List<Function<double[][], double[]>> KERNELS = List.of(
            in -> Kernels.run(WindowKernels::correlation, in[0], in[1], 10),
            in -> Kernels.run(WindowKernels::covariance, in[1], in[0], 3),
            in -> Kernels.run(WindowKernels::stddev, in[0], 20),
            in -> Kernels.run(WindowKernels::sum, in[1], 5),
            in -> Kernels.run(WindowKernels::decayLinear, in[0], 32),
            in -> Kernels.run(WindowKernels::tsRank, in[1], 7));

    @Property(tries = 50)
    void kernelsAfterOtherKernelsOnTheSameThreadGiveTheSameBits(
            @ForAll @IntRange(min = 1, max = 400) int len, @ForAll long seed) throws Exception {
        Random r = new Random(seed);
        double[][] junk = {series(r, 1 + r.nextInt(400)), series(r, 400)};
        junk[1] = Arrays.copyOf(junk[1], junk[0].length);
        double[][] in = {series(r, len), series(r, len)};
        for (int k = 0; k < KERNELS.size(); k++) {
            Function<double[][], double[]> kernel = KERNELS.get(k);
            double[] expected = onFreshThread(() -> kernel.apply(in));
            KERNELS.forEach(other -> other.apply(junk));
            double[] actual = kernel.apply(in);
            for (int t = 0; t < len; t++) {
                assertThat(Double.doubleToRawLongBits(actual[t]))
                        .as("kernel %d t=%d: %s vs %s", k, t, actual[t], expected[t])
                        .isEqualTo(Double.doubleToRawLongBits(expected[t]));
            }
        }
    }

    /** Runs on a new thread, whose scratch no kernel has used yet. */
    private static double[] onFreshThread(Callable<double[]> call) throws Exception {
        FutureTask<double[]> task = new FutureTask<>(call);
        Thread thread = new Thread(task);
        thread.start();
        return task.get();
    }

    /** Gaussian values with a few missing ones and short constant stretches. */
    private static double[] series(Random r, int len) {
        double[] x = new double[len];
        for (int i = 0; i < len; i++) {
            double u = r.nextDouble();
            x[i] = u < 0.02 ? Double.NaN : u < 0.08 && i > 0 ? x[i - 1] : 100 + r.nextGaussian();
        }
        return x;
    }
}
