package io.quarry.evaluator.weighting;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.quarry.evaluator.djl.DjlKernels;
import io.quarry.evaluator.rl.Mlp;

/**
 * A model's policy as a DJL operator: a pure function from the state's raw features to the alphas'
 * weights, {@code Actions.weights(actor(normalise(features)))} with the actor's mean action (no
 * exploration noise). Load it once (the actor's parameters go to the best device, in float64) and
 * call {@link #weights} per timestamp; not thread-safe (one per operator instance); {@link #close()}
 * frees its native memory.
 */
public final class WeightingPolicy implements AutoCloseable {

    private final WeightingModel model;
    private final NDManager manager;
    private final Mlp actor;

    private WeightingPolicy(WeightingModel model) {
        Engine engine = DjlKernels.offlineEngine();
        this.model = model;
        this.manager = engine.newBaseManager(DjlKernels.bestDevice(engine));
        this.actor = new Mlp(manager, model.actor(), false);
    }

    /**
     * @throws IllegalStateException when DJL is not in offline mode or its engine cannot start
     */
    public static WeightingPolicy open(WeightingModel model) {
        return new WeightingPolicy(model);
    }

    public WeightingModel model() {
        return model;
    }

    /**
     * @param features the state in the layout of {@link Features}, not normalised
     * @return one weight per alpha of the model, in its order; absolute values sum to 1
     */
    public double[] weights(double[] features) {
        int size = model.normalisation().mean().length;
        if (features.length != size) {
            throw new IllegalArgumentException("the policy takes " + size + " features, got " + features.length);
        }
        double[] x = model.normalisation().apply(features);
        try (NDManager call = manager.newSubManager()) {
            return Actions.weights(actor.forward(call.create(x, new Shape(1, size))).toDoubleArray());
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
