package io.quarry.evaluator.rl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * A multilayer perceptron whose parameters live as float64 NDArrays in a manager the caller owns
 * (closing it frees them): {@code tanh} between layers, linear output. See {@link MlpWeights}.
 */
public final class Mlp {

    private final List<Integer> sizes;
    private final List<NDArray> weights = new ArrayList<>();
    private final List<NDArray> biases = new ArrayList<>();

    /**
     * @param trainable whether autograd records gradients for the parameters
     */
    public Mlp(NDManager manager, MlpWeights values, boolean trainable) {
        this.sizes = values.sizes();
        for (int l = 0; l + 1 < sizes.size(); l++) {
            NDArray w = manager.create(values.weights().get(l), new Shape(sizes.get(l), sizes.get(l + 1)));
            NDArray b = manager.create(values.biases().get(l), new Shape(sizes.get(l + 1)));
            w.setRequiresGradient(trainable);
            b.setRequiresGradient(trainable);
            weights.add(w);
            biases.add(b);
        }
    }

    /** {@code x}: shape [B, inputs]; returns shape [B, outputs]. */
    public NDArray forward(NDArray x) {
        NDArray h = x;
        for (int l = 0; l < weights.size(); l++) {
            h = h.matMul(weights.get(l)).add(biases.get(l));
            if (l + 1 < weights.size()) {
                h = h.tanh();
            }
        }
        return h;
    }

    /** Every parameter: W_0, b_0, W_1, b_1, ... */
    public List<NDArray> parameters() {
        List<NDArray> all = new ArrayList<>();
        for (int l = 0; l < weights.size(); l++) {
            all.add(weights.get(l));
            all.add(biases.get(l));
        }
        return all;
    }

    /** The current parameters as values. */
    public MlpWeights values() {
        List<double[]> w = new ArrayList<>();
        List<double[]> b = new ArrayList<>();
        for (int l = 0; l < weights.size(); l++) {
            w.add(weights.get(l).toDoubleArray());
            b.add(biases.get(l).toDoubleArray());
        }
        return new MlpWeights(sizes, w, b);
    }
}
