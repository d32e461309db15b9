package io.quarry.bench;

import io.quarry.evaluator.PlainKernels;
import io.quarry.evaluator.ScoringKernels;
import io.quarry.evaluator.djl.DjlKernels;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The scoring kernels side by side: the plain-Java reference and the DJL binding (on the GPU when
 * the engine sees one, else the CPU), on random data of a year of a 500-stock universe:
 * <ul>
 *   <li>daily IC / RankIC of 100 alphas x 252 days x 500 symbols (about 5% NaN in each);
 *   <li>the correlation matrix of 100 series x 126,000 observations;
 *   <li>the eigenvalues of a 100 x 100 correlation matrix;
 *   <li>least squares of 20 features x 126,000 observations.
 * </ul>
 * The DJL engine starts in {@code @Setup}, outside the measurement.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Fork(value = 1, jvmArgs = {"-Xmx6g", "-XX:+UseParallelGC", "-Dai.djl.offline=true"})
public class ScoringKernelsBench {

    private static final int ALPHAS = 100;
    private static final int DAYS = 252;
    private static final int SYMBOLS = 500;
    private static final int SERIES = 100;
    private static final int FEATURES = 20;
    private static final int MIN_PAIRS = 10;

    @Param({"plain", "djl"})
    public String kernel;

    private ScoringKernels kernels;
    private double[][] alphas;
    private double[] label;
    private double[][] series;
    private double[][] correlation;
    private double[][] features;
    private double[] target;

    @Setup
    public void setUp() {
        kernels = "djl".equals(kernel) ? new DjlKernels() : new PlainKernels();
        Random random = new Random(7);
        label = withNaN(random, DAYS * SYMBOLS);
        alphas = new double[ALPHAS][];
        for (int a = 0; a < ALPHAS; a++) {
            alphas[a] = withNaN(random, DAYS * SYMBOLS);
        }
        series = new double[SERIES][];
        for (int i = 0; i < SERIES; i++) {
            series[i] = gaussian(random, DAYS * SYMBOLS);
        }
        correlation = new PlainKernels().correlationMatrix(series);
        features = new double[FEATURES][];
        for (int i = 0; i < FEATURES; i++) {
            features[i] = gaussian(random, DAYS * SYMBOLS);
        }
        target = gaussian(random, DAYS * SYMBOLS);
    }

    @TearDown
    public void tearDown() {
        kernels.close();
    }

    @Benchmark
    public double[][] dailyPearson() {
        return kernels.dailyCorrelations(alphas, label, DAYS, SYMBOLS, false, MIN_PAIRS);
    }

    @Benchmark
    public double[][] dailySpearman() {
        return kernels.dailyCorrelations(alphas, label, DAYS, SYMBOLS, true, MIN_PAIRS);
    }

    @Benchmark
    public double[][] correlationMatrix() {
        return kernels.correlationMatrix(series);
    }

    @Benchmark
    public double[] symmetricEigenvalues() {
        return kernels.symmetricEigenvalues(correlation);
    }

    @Benchmark
    public double[] leastSquares() {
        return kernels.leastSquares(features, target, 0);
    }

    private static double[] gaussian(Random random, int n) {
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = random.nextGaussian();
        }
        return values;
    }

    private static double[] withNaN(Random random, int n) {
        double[] values = gaussian(random, n);
        for (int i = 0; i < n; i++) {
            if (random.nextDouble() < 0.05) {
                values[i] = Double.NaN;
            }
        }
        return values;
    }
}
