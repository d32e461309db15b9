package io.quarry.evaluator.rl;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Adam;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.quarry.evaluator.djl.DjlKernels;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A PPO learner for continuous actions: an actor MLP giving the mean of a {@link DiagonalGaussian}
 * with a learned state-independent log standard deviation, a critic MLP giving the state's value,
 * and Adam over both with the loss {@code clippedSurrogate + valueCoef * valueLoss - entropyCoef *
 * entropy}. Mutable (training changes it) and not thread-safe; {@link #close()} frees its native
 * memory.
 *
 * <p>Runs on DJL's PyTorch engine in float64, on the first GPU when there is one. Its only random
 * draws are the initial weights and the minibatch order, both from the caller's seeded random, so a
 * seeded run on the CPU repeats exactly.
 */
public final class GaussianActorCritic implements AutoCloseable {

    /** Means over the minibatches of one {@link #update}. */
    public record Stats(double policyLoss, double valueLoss, double entropy) {
    }

    private final PpoConfig config;
    private final Engine engine;
    private final NDManager manager;
    private final Mlp actor;
    private final Mlp critic;
    private final NDArray logStd;
    private final Optimizer adam;

    /**
     * @param initialMean the actor's output bias before training: the mean action of every state
     * @throws IllegalStateException when DJL is not in offline mode or its engine cannot start
     */
    public GaussianActorCritic(int stateSize, int actionSize, PpoConfig config, double initialMean,
                               SplittableRandom random) {
        this.config = config;
        this.engine = DjlKernels.offlineEngine();
        this.manager = engine.newBaseManager(DjlKernels.bestDevice(engine));
        // Small output weights: every state starts near the same mean action (PPO's usual initialisation).
        this.actor = new Mlp(manager, MlpWeights.initial(sizes(config, stateSize, actionSize), 0.01, initialMean,
                random), true);
        this.critic = new Mlp(manager, MlpWeights.initial(sizes(config, stateSize, 1), 1.0, 0, random), true);
        double[] initialLogStd = new double[actionSize];
        java.util.Arrays.fill(initialLogStd, config.initialLogStd());
        this.logStd = manager.create(initialLogStd);
        logStd.setRequiresGradient(true);
        this.adam = Adam.builder().optLearningRateTracker(Tracker.fixed((float) config.learningRate())).build();
    }

    /** Input size, the hidden widths, output size. */
    public static List<Integer> sizes(PpoConfig config, int inputs, int outputs) {
        List<Integer> sizes = new ArrayList<>();
        sizes.add(inputs);
        for (int l = 0; l < config.hiddenLayers(); l++) {
            sizes.add(config.hiddenWidth());
        }
        sizes.add(outputs);
        return sizes;
    }

    /** The actor's mean action of each state. */
    public double[][] means(double[][] states) {
        try (NDManager call = scope()) {
            return rows(actor.forward(matrix(call, states)).toDoubleArray(), states.length);
        }
    }

    /** The critic's value of each state. */
    public double[] values(double[][] states) {
        try (NDManager call = scope()) {
            return critic.forward(matrix(call, states)).toDoubleArray();
        }
    }

    /** The log-probability of each action in its state under the current policy. */
    public double[] logProbs(double[][] states, double[][] actions) {
        try (NDManager call = scope()) {
            return DiagonalGaussian.logProb(matrix(call, actions), actor.forward(matrix(call, states)), logStd)
                    .toDoubleArray();
        }
    }

    /** Where it runs, e.g. {@code cpu()} or {@code gpu(0)}. */
    public String device() {
        return manager.getDevice().toString();
    }

    /** The policy's standard deviation per action component. */
    public double[] std() {
        return logStd.exp().toDoubleArray();
    }

    public double[] logStd() {
        return logStd.toDoubleArray();
    }

    public MlpWeights actor() {
        return actor.values();
    }

    public MlpWeights critic() {
        return critic.values();
    }

    /**
     * {@code epochs} passes over the batch in minibatches of a fresh random order each pass, one
     * Adam step per minibatch; advantages are standardised within each minibatch.
     */
    public Stats update(PpoBatch batch, SplittableRandom random) {
        int n = batch.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        List<NDArray> parameters = new ArrayList<>(actor.parameters());
        parameters.addAll(critic.parameters());
        parameters.add(logStd);
        double policySum = 0;
        double valueSum = 0;
        double entropySum = 0;
        int steps = 0;
        for (int epoch = 0; epoch < config.epochs(); epoch++) {
            shuffle(order, random);
            for (int from = 0; from < n; from += config.minibatch()) {
                int size = Math.min(config.minibatch(), n - from);
                double[][] states = new double[size][];
                double[][] actions = new double[size][];
                double[] old = new double[size];
                double[] advantages = new double[size];
                double[] returns = new double[size];
                for (int i = 0; i < size; i++) {
                    int k = order[from + i];
                    states[i] = batch.states()[k];
                    actions[i] = batch.actions()[k];
                    old[i] = batch.oldLogProbs()[k];
                    advantages[i] = batch.advantages()[k];
                    returns[i] = batch.returns()[k];
                }
                standardise(advantages);
                try (NDManager step = scope()) {
                    NDArray s = matrix(step, states);
                    try (GradientCollector collector = engine.newGradientCollector()) {
                        NDArray logProb = DiagonalGaussian.logProb(matrix(step, actions), actor.forward(s), logStd);
                        NDArray policyLoss = PpoLoss.clippedSurrogate(logProb, step.create(old), step.create(advantages),
                                config.clip());
                        NDArray valueLoss = PpoLoss.valueLoss(critic.forward(s).reshape(size), step.create(returns));
                        NDArray entropy = DiagonalGaussian.entropy(logStd);
                        NDArray loss = policyLoss.add(valueLoss.mul(config.valueCoef()))
                                .sub(entropy.mul(config.entropyCoef()));
                        collector.backward(loss);
                        policySum += policyLoss.getDouble();
                        valueSum += valueLoss.getDouble();
                        entropySum += entropy.getDouble();
                    }
                    for (int p = 0; p < parameters.size(); p++) {
                        NDArray parameter = parameters.get(p);
                        try (NDArray gradient = parameter.getGradient()) {
                            adam.update("p" + p, parameter, gradient);
                            // Autograd accumulates into .grad: clear it for the next step.
                            gradient.subi(gradient);
                        }
                    }
                }
                steps++;
            }
        }
        return new Stats(policySum / steps, valueSum / steps, entropySum / steps);
    }

    /** A sub-manager for one computation, on a thread set to the engine's thread count. */
    private NDManager scope() {
        DjlKernels.useEngineThreads();
        return manager.newSubManager();
    }

    @Override
    public void close() {
        manager.close();
    }

    // ---------------------------------------------------------------------------------------------

    private static NDArray matrix(NDManager manager, double[][] rows) {
        int n = rows.length;
        int width = n == 0 ? 0 : rows[0].length;
        double[] flat = new double[n * width];
        for (int i = 0; i < n; i++) {
            if (rows[i].length != width) {
                throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " values, expected " + width);
            }
            System.arraycopy(rows[i], 0, flat, i * width, width);
        }
        return manager.create(flat, new Shape(n, width));
    }

    private static double[][] rows(double[] flat, int n) {
        int width = n == 0 ? 0 : flat.length / n;
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) {
            out[i] = java.util.Arrays.copyOfRange(flat, i * width, (i + 1) * width);
        }
        return out;
    }

    /** Fisher-Yates. */
    private static void shuffle(int[] order, SplittableRandom random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
    }

    private static void standardise(double[] x) {
        if (x.length < 2) {
            return;
        }
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= x.length;
        double ss = 0;
        for (double v : x) {
            ss += (v - mean) * (v - mean);
        }
        double sd = Math.sqrt(ss / (x.length - 1));
        for (int i = 0; i < x.length; i++) {
            x[i] = (x[i] - mean) / (sd + 1e-8);
        }
    }
}
