package io.quarry.miner;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import io.quarry.dsl.ast.Expr;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The AlphaGen baseline: a policy over RPN tokens (the MLP of {@link Mlp} over {@link StateEncoder}'s
 * encoding, illegal moves masked out of its softmax) writes formulas token by token and is trained
 * with PPO on their rewards. A formula's reward comes at its end (gamma = 1), so every step of an
 * episode has the return R; returns are standardised per update, the value head learns them, and
 * the advantage of a step is its standardised return minus the value. Every {@value #EPISODES}
 * episodes: {@value #EPOCHS} full-batch epochs of the clipped surrogate (clip {@value #CLIP}) plus
 * half the value loss minus {@value #ENTROPY} times the entropy.
 */
final class Ppo implements Proposer, AutoCloseable {

    static final int EPISODES = 256;
    static final int EPOCHS = 8;
    static final double CLIP = 0.2;
    static final double ENTROPY = 0.01;
    private static final float ILLEGAL = -1e9f;

    /** One step of an episode: the state, the move taken and its probability under the sampling policy. */
    private record Step(RpnState state, int action, double logProbability) {
    }

    private final SearchSpace space;
    private final Mlp mlp;
    private final SplittableRandom rng;
    private Mlp.Weights weights;
    private final List<List<Step>> proposed = new ArrayList<>();
    private final List<List<Step>> episodes = new ArrayList<>();
    private final List<Double> returns = new ArrayList<>();

    private Ppo(SearchSpace space, Mlp mlp, long seed) {
        this.space = space;
        this.mlp = mlp;
        this.rng = new SplittableRandom(seed);
        this.weights = mlp.weights();
    }

    /** @throws IllegalStateException when DJL cannot start */
    static Ppo start(SearchSpace space, long seed) {
        Vocabulary v = space.vocabulary();
        return new Ppo(space, Mlp.start(StateEncoder.features(v), v.size(), seed), seed);
    }

    @Override
    public List<Expr> propose(int n) {
        List<Expr> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            List<Step> steps = new ArrayList<>();
            RpnState s = space.start();
            while (!s.terminal()) {
                double[] p = PolicyNetwork.softmax(weights.forward(StateEncoder.encode(s)), s.legalMask());
                int a = Policy.sample(p, rng);
                steps.add(new Step(s, a, Math.log(p[a])));
                s = s.apply(a);
            }
            proposed.add(steps);
            out.add(s.toExpr());
        }
        return out;
    }

    @Override
    public void learn(double[] rewards) {
        for (int i = 0; i < rewards.length; i++) {
            episodes.add(proposed.get(i));
            returns.add(rewards[i]);
        }
        proposed.clear();
        if (episodes.size() >= EPISODES) {
            update();
            episodes.clear();
            returns.clear();
        }
    }

    private void update() {
        double mean = returns.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        double var = returns.stream().mapToDouble(r -> (r - mean) * (r - mean)).average().orElse(0);
        double sd = var > 0 ? Math.sqrt(var) : 1;
        List<Step> steps = new ArrayList<>();
        List<Float> stepReturns = new ArrayList<>();
        for (int e = 0; e < episodes.size(); e++) {
            for (Step s : episodes.get(e)) {
                steps.add(s);
                stepReturns.add((float) ((returns.get(e) - mean) / sd));
            }
        }
        int batch = steps.size();
        int vocabulary = space.vocabulary().size();
        int features = StateEncoder.features(space.vocabulary());
        float[] x = new float[batch * features];
        float[] taken = new float[batch * vocabulary];
        float[] mask = new float[batch * vocabulary];
        float[] oldLogP = new float[batch];
        float[] ret = new float[batch];
        float[] advantage = new float[batch];
        for (int b = 0; b < batch; b++) {
            Step s = steps.get(b);
            float[] enc = StateEncoder.encode(s.state());
            System.arraycopy(enc, 0, x, b * features, features);
            boolean[] legal = s.state().legalMask();
            for (int a = 0; a < vocabulary; a++) {
                mask[b * vocabulary + a] = legal[a] ? 0 : ILLEGAL;
            }
            taken[b * vocabulary + s.action()] = 1;
            oldLogP[b] = (float) s.logProbability();
            ret[b] = stepReturns.get(b);
            double[] y = weights.forward(enc);
            advantage[b] = (float) (ret[b] - y[y.length - 1]);
        }
        weights = mlp.train(x, batch, EPOCHS, scope -> {
            NDArray oneHot = scope.create(taken, new Shape(batch, vocabulary));
            NDArray penalty = scope.create(mask, new Shape(batch, vocabulary));
            NDArray old = scope.create(oldLogP, new Shape(batch));
            NDArray adv = scope.create(advantage, new Shape(batch));
            NDArray target = scope.create(ret, new Shape(batch));
            return (logits, value) -> {
                NDArray logp = logits.add(penalty).logSoftmax(1);
                NDArray ratio = logp.mul(oneHot).sum(new int[] {1}).sub(old).exp();
                NDArray clipped = ratio.clip(1 - CLIP, 1 + CLIP);
                NDArray surrogate = ratio.mul(adv).minimum(clipped.mul(adv)).mean();
                NDArray entropy = logp.exp().mul(logp).sum(new int[] {1}).neg().mean();
                NDArray valueLoss = value.sub(target).square().mean();
                return surrogate.neg().add(valueLoss.mul(0.5)).sub(entropy.mul(ENTROPY));
            };
        });
    }

    @Override
    public void close() {
        mlp.close();
    }
}
