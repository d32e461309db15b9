package io.quarry.miner;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.quarry.evaluator.djl.DjlKernels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A small two-layer perceptron with a policy head (one logit per token) and a value head, trained
 * with DJL (PyTorch, CPU, float32) and read back into plain arrays for inference, which runs in
 * Java: the search asks for priors thousands of times per second, one state at a time, where a
 * native call per layer would cost more than the arithmetic.
 *
 * <p>Deterministic: weights start from a seeded Xavier-uniform draw made in Java, every step is
 * full-batch Adam (no shuffling, no dropout), examples come in a fixed order, and PyTorch runs
 * each operation on one thread, whichever thread trains ({@link #start}, {@link #train}). Inside
 * a running search a training still gave other weights from the same inputs about once in 460
 * (none in 2,220 since a native-memory leak was fixed), for a reason not found (docs/MINING.md,
 * "Determinism"), so each training is repeated from the same starting state until two results
 * agree ({@link #train}).
 *
 * <p>DJL must be offline ({@code -Dai.djl.offline=true} or {@code DJL_OFFLINE=true}), or engine
 * start-up contacts the network; {@link #start} refuses otherwise.
 */
final class Mlp implements AutoCloseable {

    static final int HIDDEN = 64;
    private static final float LEARNING_RATE = 3e-3f;
    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;
    /** Trainings from one state before giving up on two that agree. */
    static final int MAX_TRAININGS = 5;

    /** The parameters in plain arrays: inference in Java. */
    record Weights(int in, int hidden, int out, float[] w1, float[] b1, float[] w2, float[] b2, float[] wp, float[] bp,
                   float[] wv, float[] bv) {

        /** Policy logits (first {@code out}) and the value (last) of one input. */
        double[] forward(float[] x) {
            double[] h1 = layer(x, w1, b1, in, hidden);
            double[] h2 = layer(toFloat(h1), w2, b2, hidden, hidden);
            double[] y = new double[out + 1];
            for (int o = 0; o < out; o++) {
                double s = bp[o];
                for (int i = 0; i < hidden; i++) {
                    s += h2[i] * wp[i * out + o];
                }
                y[o] = s;
            }
            double v = bv[0];
            for (int i = 0; i < hidden; i++) {
                v += h2[i] * wv[i];
            }
            y[out] = v;
            return y;
        }

        private static double[] layer(float[] x, float[] w, float[] b, int in, int out) {
            double[] h = new double[out];
            for (int o = 0; o < out; o++) {
                h[o] = b[o];
            }
            for (int i = 0; i < in; i++) {
                if (x[i] != 0) {
                    for (int o = 0; o < out; o++) {
                        h[o] += x[i] * w[i * out + o];
                    }
                }
            }
            for (int o = 0; o < out; o++) {
                h[o] = Math.max(0, h[o]);
            }
            return h;
        }

        private static float[] toFloat(double[] v) {
            float[] f = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                f[i] = (float) v[i];
            }
            return f;
        }
    }

    /** What a training step's loss is made of: the network's outputs and the batch. */
    @FunctionalInterface
    interface Loss {
        /** @param logits [batch, out]; value [batch] */
        NDArray of(NDArray logits, NDArray value);
    }

    private final NDManager manager;
    private final int in;
    private final int out;
    private final List<NDArray> params = new ArrayList<>();
    private final List<NDArray> m = new ArrayList<>();
    private final List<NDArray> v = new ArrayList<>();
    private int step;

    private Mlp(NDManager manager, int in, int out, long seed) {
        this.manager = manager;
        this.in = in;
        this.out = out;
        SplittableRandom rng = new SplittableRandom(seed);
        int[][] shapes = {{in, HIDDEN}, {HIDDEN}, {HIDDEN, HIDDEN}, {HIDDEN}, {HIDDEN, out}, {out}, {HIDDEN, 1}, {1}};
        for (int[] s : shapes) {
            int size = s.length == 1 ? s[0] : s[0] * s[1];
            float[] init = new float[size];
            if (s.length == 2) {
                double bound = Math.sqrt(6.0 / (s[0] + s[1]));
                for (int i = 0; i < size; i++) {
                    init[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
                }
            }
            Shape shape = s.length == 1 ? new Shape(s[0]) : new Shape(s[0], s[1]);
            NDArray p = manager.create(init, shape);
            p.setRequiresGradient(true);
            params.add(p);
            m.add(manager.zeros(shape));
            v.add(manager.zeros(shape));
        }
    }

    /**
     * Starts DJL's PyTorch engine on the CPU ({@link DjlKernels#offlineEngine}: offline, one PyTorch
     * thread per operation unless the user set otherwise) and makes a network. With PyTorch's
     * default, a thread per core, the same search on the same data wrote different mined files when
     * the machine was loaded differently (docs/MINING.md, "Determinism").
     *
     * @throws IllegalStateException when DJL is not offline or the engine cannot start
     */
    static Mlp start(int in, int out, long seed) {
        return new Mlp(DjlKernels.offlineEngine().newBaseManager(Device.cpu()), in, out, seed);
    }

    /** Starts the engine {@link #start} needs, if it can; its errors are {@link #start}'s to report. */
    static void startEngineQuietly() {
        try {
            DjlKernels.offlineEngine();
        } catch (RuntimeException | LinkageError e) {
            // The search that starts the engine next meets the same failure and reports it.
        }
    }

    NDManager manager() {
        return manager;
    }

    /**
     * Full-batch Adam steps on a loss of the network's outputs for inputs {@code x} [batch, in];
     * returns the trained weights.
     *
     * <p>The training runs twice from the same parameters and Adam state, and the network keeps
     * the result only when both agree bit for bit; otherwise it trains again until one result
     * has come twice (at most {@value #MAX_TRAININGS} trainings). A search's file then depends on
     * its inputs alone even when one training parts, as about one in 460 did inside running
     * searches, never in replays of the same trainings (docs/MINING.md, "Determinism").
     *
     * <p>One network trains at a time in a JVM: the PyTorch engine's gradient recording is global
     * to it (a second collector fails, and two searches of a mining job share the JVM), so
     * training holds the engine's lock. It computes with the engine's thread count (one, unless
     * set): PyTorch keeps thread counts per thread, and on a search's thread MKL's products
     * otherwise took a thread per core.
     *
     * @throws IllegalStateException when no two of {@value #MAX_TRAININGS} trainings agree
     */
    Weights train(float[] x, int batch, int steps, Function<NDManager, Loss> lossMaker) {
        Engine engine = Engine.getEngine("PyTorch");
        synchronized (engine) {
            DjlKernels.useEngineThreads();
            State start = state();
            // The last training gave the agreed result, so the network's arrays already hold it.
            return firstRepeated(() -> {
                restore(start);
                trainHoldingEngine(engine, x, batch, steps, lossMaker);
                return state();
            }, MAX_TRAININGS).weights(in, out);
        }
    }

    /**
     * Calls {@code attempt} until a result equals an earlier one, and returns that result.
     *
     * @throws IllegalStateException when {@code maxAttempts} results are all different
     */
    static <T> T firstRepeated(Supplier<T> attempt, int maxAttempts) {
        List<T> seen = new ArrayList<>();
        for (int i = 0; i < maxAttempts; i++) {
            T result = attempt.get();
            if (seen.contains(result)) {
                return result;
            }
            seen.add(result);
        }
        throw new IllegalStateException(maxAttempts + " trainings of the network from the same state gave "
                + maxAttempts + " different results");
    }

    private void trainHoldingEngine(Engine engine, float[] x, int batch, int steps,
                                    Function<NDManager, Loss> lossMaker) {
        try (NDManager scope = manager.newSubManager()) {
            NDArray input = scope.create(x, new Shape(batch, in));
            Loss loss = lossMaker.apply(scope);
            for (int s = 0; s < steps; s++) {
                try (GradientCollector gc = engine.newGradientCollector()) {
                    NDArray h1 = input.matMul(params.get(0)).add(params.get(1)).maximum(0f);
                    NDArray h2 = h1.matMul(params.get(2)).add(params.get(3)).maximum(0f);
                    NDArray logits = h2.matMul(params.get(4)).add(params.get(5));
                    NDArray value = h2.matMul(params.get(6)).add(params.get(7)).reshape(batch);
                    gc.backward(loss.of(logits, value));
                }
                adam();
            }
        }
    }

    /**
     * One Adam step on every parameter. Each parameter's intermediates live in a manager of their
     * own, closed with the step: left in the network's manager, 4,800 arrays a training (about
     * 58 MB of native memory at the miner's sizes) stayed until the search ended.
     */
    private void adam() {
        step++;
        float c1 = (float) (1 - Math.pow(BETA1, step));
        float c2 = (float) (1 - Math.pow(BETA2, step));
        for (int i = 0; i < params.size(); i++) {
            try (NDManager temp = manager.newSubManager()) {
                NDArray p = params.get(i);
                p.attach(temp);
                m.get(i).attach(temp);
                v.get(i).attach(temp);
                NDArray g = p.getGradient();
                NDArray mi = m.get(i).mul(BETA1).add(g.mul(1 - BETA1));
                NDArray vi = v.get(i).mul(BETA2).add(g.square().mul(1 - BETA2));
                NDArray update = mi.div(c1).div(vi.div(c2).sqrt().add(EPSILON)).mul(LEARNING_RATE);
                // Detached: PyTorch's grad mode is per thread, off only where the engine started, and
                // a step recorded in the graph would make the next parameter a non-leaf that never
                // receives a gradient (training on any other thread would silently do nothing).
                NDArray next = p.stopGradient().sub(update);
                next.setRequiresGradient(true);
                mi.attach(manager);
                vi.attach(manager);
                next.attach(manager);
                m.set(i, mi);
                v.set(i, vi);
                params.set(i, next);
            }
        }
    }

    /** The current weights (before any training: the initial draw). */
    Weights weights() {
        return state().weights(in, out);
    }

    /** The parameters, Adam's moments and step count, read back into plain arrays. */
    private State state() {
        return new State(toArrays(params), toArrays(m), toArrays(v), step);
    }

    /** Makes {@code state} the network's, in arrays of its own. */
    private void restore(State state) {
        for (int i = 0; i < params.size(); i++) {
            Shape shape = params.get(i).getShape();
            params.get(i).close();
            m.get(i).close();
            v.get(i).close();
            NDArray p = manager.create(state.params[i], shape);
            p.setRequiresGradient(true);
            params.set(i, p);
            m.set(i, manager.create(state.m[i], shape));
            v.set(i, manager.create(state.v[i], shape));
        }
        step = state.step;
    }

    private static float[][] toArrays(List<NDArray> arrays) {
        float[][] values = new float[arrays.size()][];
        for (int i = 0; i < values.length; i++) {
            values[i] = arrays.get(i).toFloatArray();
        }
        return values;
    }

    /** Everything a training starts from and changes; equal when every value has the same bits. */
    private record State(float[][] params, float[][] m, float[][] v, int step) {

        Weights weights(int in, int out) {
            float[][] w = params;
            return new Weights(in, HIDDEN, out, w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof State s && step == s.step && Arrays.deepEquals(params, s.params)
                    && Arrays.deepEquals(m, s.m) && Arrays.deepEquals(v, s.v);
        }

        @Override
        public int hashCode() {
            return Objects.hash(Arrays.deepHashCode(params), Arrays.deepHashCode(m), Arrays.deepHashCode(v), step);
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
