package io.quarry.evaluator.djl;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import io.quarry.evaluator.NormalEquations;
import io.quarry.evaluator.PlainKernels;
import io.quarry.evaluator.ScoringKernels;
import java.util.Arrays;

/**
 * The DJL binding of {@link ScoringKernels}: the batched kernels as NDArray operations on PyTorch,
 * on the first GPU when the engine sees one and on the CPU otherwise, in float64 throughout, with
 * the rules of the plain-Java reference ({@code PlainKernels}: NaN is missing, infinities are
 * values, exactly constant sides give NaN, correlations clamped to [-1, 1]) and its results within
 * 1e-9 on either device. Least squares with collinear features has many minimisers; there the
 * bindings agree on the fit, not on how collinear features share their weight.
 *
 * <p>What runs where:
 * <ul>
 *   <li>{@link #dailyCorrelations}: NDArrays, every day of a block of alphas at once (blocks bound
 *       native memory): pair masks, masked means, centred products, the exact constancy test (only
 *       for blocks where a row's spread is within rounding of zero), and for Spearman the
 *       average-tie ranks themselves: each block of alphas and the label (once per call) sorted
 *       along the symbols, runs of equal values found, and the ranks among each alpha's pairs taken
 *       from running counts of the pairs in sorted order.
 *   <li>{@link #correlationMatrix}: NDArrays (centring, norms, {@code Z Z^T}, the constancy test);
 *       the host sets the diagonal to exactly 1, NaN for constant series, and clamps.
 *   <li>{@link #symmetricEigenvalues}: plain Java (Householder + QL): DJL 0.36 has no
 *       eigen-decomposition.
 *   <li>{@link #leastSquares}: NDArrays for the normal equations' {@code X X^T} and {@code X y}
 *       (the O(k^2 n) part); plain Java for the k x k solve (Cholesky, or coordinate descent when
 *       {@code l1 > 0}): DJL has no linear solver (only an inverse) and k is small.
 * </ul>
 *
 * <p>Offline only: the constructor refuses to start unless DJL is in offline mode
 * ({@code -Dai.djl.offline=true} or {@code DJL_OFFLINE=true}), so the engine never contacts the
 * network. The native library comes from the {@code pytorch-native-cpu} jar.
 *
 * <p>The PyTorch engine is DJL's per-process singleton: it starts (and on first use on a machine,
 * unpacks its native library into {@code ~/.djl.ai} or {@code DJL_CACHE_DIR}) once, however many
 * instances there are. Each instance holds one {@link NDManager} on its device, released by
 * {@link #close()}; each call works in a sub-manager closed before it returns, so native memory
 * does not outlive the call.
 */
public final class DjlKernels implements ScoringKernels {

    private static final String ENGINE = "PyTorch";
    /**
     * Elements of one block of [alphas, days, symbols]: 8 MB per float64 temporary. Measured on a
     * CPU, larger blocks are slower per element (fresh allocations of tens of MB per operation).
     */
    private static final long BLOCK_ELEMENTS = 1L << 20;

    private final Engine engine;
    private final NDManager manager;
    /** Computes what DJL has no operator for (the symmetric eigenproblem). */
    private final PlainKernels host = new PlainKernels();

    /**
     * Starts (or joins) the PyTorch engine and takes the best device.
     *
     * @throws IllegalStateException when DJL is not in offline mode, or the engine cannot start
     */
    public DjlKernels() {
        this.engine = offlineEngine();
        this.manager = engine.newBaseManager(bestDevice(engine));
    }

    /**
     * The PyTorch engine, started (or joined) after checking that DJL is in offline mode; every DJL
     * user of Quarry starts it here.
     *
     * <p>Unless {@code -Dai.djl.pytorch.num_threads} says otherwise, the engine starts with one
     * intra-op and one inter-op thread: measured on this project's shared 2-core machines, PyTorch's
     * default (one OpenMP thread per core, spinning between operations) made the small operations
     * of PPO training and inference 10 to 100 times slower whenever other processes held the cores.
     * The setting is read once, when the process first starts the engine.
     *
     * @throws IllegalStateException when DJL is not in offline mode, or the engine cannot start
     */
    public static Engine offlineEngine() {
        if (!isOffline(System.getProperty("ai.djl.offline"), System.getenv("DJL_OFFLINE"))) {
            throw new IllegalStateException("DJL must run offline, or engine start-up contacts the network:"
                    + " set -Dai.djl.offline=true or DJL_OFFLINE=true");
        }
        for (String threads : new String[] {"ai.djl.pytorch.num_threads", "ai.djl.pytorch.num_interop_threads"}) {
            if (System.getProperty(threads) == null) {
                System.setProperty(threads, "1");
            }
        }
        Engine engine = startEngine();
        useEngineThreads();
        return engine;
    }

    /**
     * Gives the calling thread the engine's intra-op thread count ({@code ai.djl.pytorch.num_threads}).
     * PyTorch keeps OpenMP's and MKL's thread counts per thread, and DJL sets them only on the
     * thread that starts the engine. PyTorch's own parallel loops take the setting on any thread,
     * but on the others MKL's matrix products ran a thread per core, and the same least-squares
     * fit had other bits on another thread than on the one that started the engine, and the miner's network trained with MKL on two threads
     * (docs/MINING.md, "Determinism"). {@link #offlineEngine} calls it for its caller; every
     * computation of Quarry's DJL users calls it for the thread it runs on.
     */
    public static void useEngineThreads() {
        JniUtils.setNumThreads(Integer.parseInt(System.getProperty("ai.djl.pytorch.num_threads", "1")));
    }

    /** The first GPU when the engine sees one, else the CPU. */
    public static Device bestDevice(Engine engine) {
        return engine.getGpuCount() > 0 ? Device.gpu() : Device.cpu();
    }

    /** DJL's own rule: the environment variable, when set, wins over the system property. */
    static boolean isOffline(String property, String environment) {
        return Boolean.parseBoolean(environment != null ? environment : property);
    }

    private static Engine startEngine() {
        try {
            return Engine.getEngine(ENGINE);
        } catch (RuntimeException | LinkageError e) {
            throw new IllegalStateException("Unable to start the DJL " + ENGINE + " engine: " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------------------------------------

    @Override
    public double[][] dailyCorrelations(double[][] alphas, double[] label, int days, int symbols, boolean ranked,
                                        int minPairs) {
        int cells = Math.multiplyExact(days, symbols);
        requireLength("label", label, cells);
        for (int a = 0; a < alphas.length; a++) {
            requireLength("alphas[" + a + "]", alphas[a], cells);
        }
        double[][] result = new double[alphas.length][days];
        if (alphas.length == 0 || cells == 0) {
            // Nothing to correlate, or no symbol: every day has zero pairs.
            for (double[] row : result) {
                Arrays.fill(row, Double.NaN);
            }
            return result;
        }
        int block = (int) Math.max(1, Math.min(alphas.length, BLOCK_ELEMENTS / cells));
        try (NDManager call = open()) {
            NDArray y = call.create(label, new Shape(1, days, symbols));
            NDArray yPresent = y.isNaN().logicalNot();
            AverageRanks labelRanks = ranked ? AverageRanks.sort(y, call) : null;
            for (int from = 0; from < alphas.length; from += block) {
                int size = Math.min(block, alphas.length - from);
                double[] flat = new double[size * cells];
                for (int a = 0; a < size; a++) {
                    System.arraycopy(alphas[from + a], 0, flat, a * cells, cells);
                }
                try (NDManager blockManager = call.newSubManager()) {
                    NDArray x = blockManager.create(flat, new Shape(size, days, symbols));
                    NDArray mask = x.isNaN().logicalNot().logicalAnd(yPresent);
                    NDArray corr = ranked
                            ? MaskedPearson.of(AverageRanks.sort(x, blockManager).among(mask, blockManager),
                                    labelRanks.among(mask, blockManager), mask, minPairs, false, blockManager)
                            : MaskedPearson.of(x, y, mask, minPairs, true, blockManager);
                    double[] values = corr.toDoubleArray();
                    for (int a = 0; a < size; a++) {
                        System.arraycopy(values, a * days, result[from + a], 0, days);
                    }
                }
            }
        }
        return result;
    }

    @Override
    public double[][] correlationMatrix(double[][] series) {
        int m = series.length;
        if (m == 0) {
            return new double[0][0];
        }
        int n = series[0].length;
        double[] flat = flatten("series", series, n);
        double[][] result = new double[m][m];
        if (n == 0) {
            // No observation: every series is constant.
            for (double[] row : result) {
                Arrays.fill(row, Double.NaN);
            }
            return result;
        }
        double[] values;
        boolean[] constant;
        try (NDManager call = open()) {
            NDArray x = call.create(flat, new Shape(m, n));
            int[] time = {1};
            NDArray centred = x.sub(x.mean(time, true));
            NDArray z = centred.div(centred.square().sum(time, true).sqrt());
            values = z.matMul(z.transpose()).toDoubleArray();
            constant = x.max(time).eq(x.min(time)).toBooleanArray();
        }
        // From the upper triangle, so that the result is exactly symmetric whatever the matmul did.
        for (int i = 0; i < m; i++) {
            for (int j = i; j < m; j++) {
                result[i][j] = constant[i] || constant[j] ? Double.NaN
                        : i == j ? 1.0 : Math.max(-1, Math.min(1, values[i * m + j]));
                result[j][i] = result[i][j];
            }
        }
        return result;
    }

    @Override
    public double[] symmetricEigenvalues(double[][] symmetric) {
        return host.symmetricEigenvalues(symmetric);
    }

    @Override
    public double[] leastSquares(double[][] features, double[] target, double l1) {
        if (!(l1 >= 0) || Double.isInfinite(l1)) {
            throw new IllegalArgumentException("l1 must be a finite number >= 0, got " + l1);
        }
        int k = features.length;
        int n = target.length;
        double[] flat = flatten("features", features, n);
        if (k == 0) {
            return new double[0];
        }
        double[] gram;
        double[] moment;
        try (NDManager call = open()) {
            NDArray x = call.create(flat, new Shape(k, n));
            gram = x.matMul(x.transpose()).toDoubleArray();
            moment = x.matMul(call.create(target, new Shape(n, 1))).toDoubleArray();
        }
        double[][] square = new double[k][];
        for (int i = 0; i < k; i++) {
            square[i] = Arrays.copyOfRange(gram, i * k, (i + 1) * k);
        }
        return NormalEquations.solve(square, moment, l1);
    }

    @Override
    public String device() {
        Device device = manager.getDevice();
        String where = device.isGpu() ? "gpu(" + device.getDeviceId() + ")" : device.getDeviceType();
        return where + " (DJL " + engine.getEngineName() + " " + engine.getVersion() + ")";
    }

    /** Releases this instance's native memory; the engine stays up for the rest of the process. */
    @Override
    public void close() {
        manager.close();
    }

    // ---------------------------------------------------------------------------------------------

    private NDManager open() {
        if (!manager.isOpen()) {
            throw new IllegalStateException("DjlKernels is closed");
        }
        useEngineThreads();
        return manager.newSubManager();
    }

    private static void requireLength(String name, double[] values, int expected) {
        if (values.length != expected) {
            throw new IllegalArgumentException(name + " has " + values.length + " values, expected " + expected);
        }
    }

    /** Row-major copy of equally long rows. */
    private static double[] flatten(String name, double[][] rows, int length) {
        double[] flat = new double[Math.multiplyExact(rows.length, length)];
        for (int i = 0; i < rows.length; i++) {
            requireLength(name + "[" + i + "]", rows[i], length);
            System.arraycopy(rows[i], 0, flat, i * length, length);
        }
        return flat;
    }
}
