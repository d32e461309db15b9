package io.quarry.evaluator.rl;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The parameters of a multilayer perceptron as plain values: layer {@code l} maps
 * {@code sizes[l]} inputs to {@code sizes[l + 1]} outputs by {@code y = x W_l + b_l}, tanh between
 * layers and none after the last. The arrays are shared, never written.
 *
 * @param sizes   input size, hidden widths, output size (at least two entries)
 * @param weights per layer, {@code W_l} row-major: {@code W_l[i][j]} at {@code i * sizes[l + 1] + j}
 * @param biases  per layer, {@code b_l}
 */
public record MlpWeights(List<Integer> sizes, List<double[]> weights, List<double[]> biases) {

    public MlpWeights {
        sizes = List.copyOf(sizes);
        weights = List.copyOf(weights);
        biases = List.copyOf(biases);
        if (sizes.size() < 2 || sizes.stream().anyMatch(s -> s < 1)) {
            throw new IllegalArgumentException("an MLP needs an input and an output size, all positive: " + sizes);
        }
        int layers = sizes.size() - 1;
        if (weights.size() != layers || biases.size() != layers) {
            throw new IllegalArgumentException("an MLP of sizes " + sizes + " has " + layers + " layers, got "
                    + weights.size() + " weight matrices and " + biases.size() + " bias vectors");
        }
        for (int l = 0; l < layers; l++) {
            int in = sizes.get(l);
            int out = sizes.get(l + 1);
            if (weights.get(l).length != in * out || biases.get(l).length != out) {
                throw new IllegalArgumentException("layer " + l + " of an MLP of sizes " + sizes + " needs " + in * out
                        + " weights and " + out + " biases, got " + weights.get(l).length + " and "
                        + biases.get(l).length);
            }
        }
    }

    /**
     * Glorot-uniform weights ({@code U(-sqrt(6 / (in + out)), +...)}), the last layer's scaled by
     * {@code outputScale}; biases 0, the last layer's {@code outputBias}.
     */
    public static MlpWeights initial(List<Integer> sizes, double outputScale, double outputBias,
                                     SplittableRandom random) {
        List<double[]> weights = new ArrayList<>();
        List<double[]> biases = new ArrayList<>();
        for (int l = 0; l + 1 < sizes.size(); l++) {
            int in = sizes.get(l);
            int out = sizes.get(l + 1);
            boolean last = l + 2 == sizes.size();
            double limit = Math.sqrt(6.0 / (in + out)) * (last ? outputScale : 1);
            double[] w = new double[in * out];
            for (int i = 0; i < w.length; i++) {
                w[i] = (2 * random.nextDouble() - 1) * limit;
            }
            double[] b = new double[out];
            java.util.Arrays.fill(b, last ? outputBias : 0);
            weights.add(w);
            biases.add(b);
        }
        return new MlpWeights(sizes, weights, biases);
    }

    public int inputs() {
        return sizes.get(0);
    }

    public int outputs() {
        return sizes.get(sizes.size() - 1);
    }
}
