package io.quarry.miner;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * MCTS's prior and value network (AlphaZero style): trained on the search's own tree, the visit
 * shares of a node's edges are the policy target and its mean backed-up value the value target
 * (standardised over the examples; read back in reward units). Loss: cross-entropy of the masked
 * softmax against the visit shares plus the squared value error.
 */
final class PolicyNetwork implements AutoCloseable {

    /** One training example: a state, the improved policy over the vocabulary and the value. */
    record Example(RpnState state, double[] policy, double value) {
    }

    static final int STEPS_PER_ROUND = 60;
    private static final float ILLEGAL = -1e9f;

    private final Mlp mlp;
    private final int vocabulary;
    private Mlp.Weights weights;
    private double valueMean;
    private double valueScale = 1;

    private PolicyNetwork(Mlp mlp, int vocabulary) {
        this.mlp = mlp;
        this.vocabulary = vocabulary;
    }

    /** @throws IllegalStateException when DJL cannot start (see {@link Mlp#start}) */
    static PolicyNetwork start(Vocabulary vocabulary, long seed) {
        return new PolicyNetwork(Mlp.start(StateEncoder.features(vocabulary), vocabulary.size(), seed),
                vocabulary.size());
    }

    /** One round of training on the examples; afterwards {@link #policy()} reflects it. */
    void train(List<Example> examples) {
        int batch = examples.size();
        if (batch == 0) {
            return;
        }
        int features = StateEncoder.features(examples.get(0).state().vocabulary());
        float[] x = new float[batch * features];
        float[] target = new float[batch * vocabulary];
        float[] mask = new float[batch * vocabulary];
        double mean = 0;
        for (Example e : examples) {
            mean += e.value() / batch;
        }
        double var = 0;
        for (Example e : examples) {
            var += (e.value() - mean) * (e.value() - mean) / batch;
        }
        double scale = var > 0 ? Math.sqrt(var) : 1;
        float[] value = new float[batch];
        for (int b = 0; b < batch; b++) {
            Example e = examples.get(b);
            System.arraycopy(StateEncoder.encode(e.state()), 0, x, b * features, features);
            boolean[] legal = e.state().legalMask();
            for (int a = 0; a < vocabulary; a++) {
                target[b * vocabulary + a] = (float) e.policy()[a];
                mask[b * vocabulary + a] = legal[a] ? 0 : ILLEGAL;
            }
            value[b] = (float) ((e.value() - mean) / scale);
        }
        weights = mlp.train(x, batch, STEPS_PER_ROUND, scope -> {
            NDArray t = scope.create(target, new Shape(batch, vocabulary));
            NDArray penalty = scope.create(mask, new Shape(batch, vocabulary));
            NDArray v = scope.create(value, new Shape(batch));
            return (logits, out) -> {
                NDArray logp = logits.add(penalty).logSoftmax(1);
                NDArray policyLoss = logp.mul(t).sum().neg().div(batch);
                return policyLoss.add(out.sub(v).square().mean());
            };
        });
        valueMean = mean;
        valueScale = scale;
    }

    boolean trained() {
        return weights != null;
    }

    /** The network's current policy (uniform until trained), independent of later training. */
    Policy policy() {
        if (weights == null) {
            return Policy.uniform();
        }
        Mlp.Weights w = weights;
        double mean = valueMean;
        double scale = valueScale;
        return new Policy() {
            @Override
            public double[] probabilities(RpnState state) {
                return softmax(w.forward(StateEncoder.encode(state)), state.legalMask());
            }

            @Override
            public double value(RpnState state) {
                double[] y = w.forward(StateEncoder.encode(state));
                return mean + scale * y[y.length - 1];
            }
        };
    }

    /** Softmax of the logits over the legal moves; 0 elsewhere. */
    static double[] softmax(double[] logits, boolean[] legal) {
        double max = Double.NEGATIVE_INFINITY;
        for (int a = 0; a < legal.length; a++) {
            if (legal[a]) {
                max = Math.max(max, logits[a]);
            }
        }
        double[] p = new double[legal.length];
        double sum = 0;
        for (int a = 0; a < legal.length; a++) {
            if (legal[a]) {
                p[a] = Math.exp(logits[a] - max);
                sum += p[a];
            }
        }
        for (int a = 0; a < legal.length; a++) {
            p[a] /= sum;
        }
        return p;
    }

    @Override
    public void close() {
        mlp.close();
    }
}
