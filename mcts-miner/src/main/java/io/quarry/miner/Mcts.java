package io.quarry.miner;

import io.quarry.dsl.ast.Expr;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Monte Carlo tree search over formulas written in reverse Polish notation. A node is a partial
 * formula, an edge a legal token. One simulation: descend from the root by PUCT,
 * <pre>  a* = argmax_a  Q(s, a) + c * P(s, a) * sqrt(N(s)) / (1 + N(s, a))</pre>
 * (Q min-max normalised over every value seen, so the constant c needs no rescaling to the reward's
 * units; an unvisited edge takes its parent's Q), expand the first unexpanded node (its priors P
 * from the policy: uniform until the network is trained), complete the formula by drawing tokens
 * from the policy blended half and half with the uniform one (the rollout), and back the reward up the path, mixed half and half with the
 * network's value of the expanded node once it has one (AlphaGo's leaf evaluation).
 *
 * <p>Simulations run in batches: each selected path gets a virtual loss (a visit worth the lowest
 * value seen) so the next selection of the batch spreads out, and the batch's rewards are backed
 * up in order. Ties go to the lowest action, draws come from one seeded generator: the search is a
 * function of its seed and its rewards. A complete formula is proposed once: its node is then
 * exhausted and never selected again (nor a node all of whose moves are), and a rollout that
 * repeats an earlier formula is drawn again (up to {@value #ROLLOUT_RETRIES} times).
 */
final class Mcts implements Proposer {

    static final double C_PUCT = 1.5;
    /** Rollouts drawn again when they repeat an earlier formula token for token. */
    static final int ROLLOUT_RETRIES = 8;

    /** A partial formula and the statistics of the edge into it. */
    static final class Node {
        final RpnState state;
        final int[] legal;
        final Node[] children;
        double[] prior;
        int visits;
        double total;
        /** A complete formula already proposed, or a node whose every move leads to such: never selected again. */
        boolean exhausted;

        Node(RpnState state) {
            this.state = state;
            this.legal = state.legalActions();
            this.children = new Node[state.vocabulary().size()];
        }

        boolean expanded() {
            return prior != null;
        }
    }

    /** The running minimum and maximum of the values backed up, for normalising Q. */
    static final class Bounds {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;

        void update(double v) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }

        double normalize(double v) {
            return max > min ? (v - min) / (max - min) : 0.5;
        }

        double lowest() {
            return min == Double.POSITIVE_INFINITY ? 0 : min;
        }
    }

    private record Pending(List<Node> path, double virtualValue) {
    }

    private final Node root;
    private final Supplier<Policy> policy;
    private final SplittableRandom rng;
    private final Bounds bounds = new Bounds();
    private final List<Pending> pending = new ArrayList<>();
    private final Set<String> rolledOut = new HashSet<>();

    /** @param policy the current prior/rollout/value policy (it changes as the network trains) */
    Mcts(SearchSpace space, Supplier<Policy> policy, long seed) {
        this.root = new Node(space.start());
        this.policy = policy;
        this.rng = new SplittableRandom(seed);
    }

    Node root() {
        return root;
    }

    @Override
    public List<Expr> propose(int n) {
        List<Expr> out = new ArrayList<>(n);
        Policy current = policy.get();
        // Rollouts keep half the uniform policy: a trained network alone narrows them to a few formulas.
        Policy rollout = Policy.blend(current, Policy.uniform(), 0.5);
        for (int i = 0; i < n && !root.exhausted; i++) {
            List<Node> path = descend();
            if (path == null) {
                continue;
            }
            Node node = path.get(path.size() - 1);
            if (!node.state.terminal()) {
                node.prior = current.probabilities(node.state);
            } else {
                node.exhausted = true;
            }
            RpnState done = Policy.rollout(node.state, rollout, rng);
            for (int retry = 0; retry < ROLLOUT_RETRIES && !rolledOut.add(done.toString()); retry++) {
                done = Policy.rollout(node.state, rollout, rng);
            }
            double virtual = bounds.lowest();
            for (Node p : path) {
                p.visits++;
                p.total += virtual;
            }
            pending.add(new Pending(path, virtual));
            out.add(done.toExpr());
        }
        return out;
    }

    /**
     * The path from the root to the first unexpanded node by PUCT, skipping exhausted moves; null
     * (and the dead end marked exhausted) when a node has none left.
     */
    private List<Node> descend() {
        List<Node> path = new ArrayList<>();
        Node node = root;
        path.add(node);
        while (node.expanded() && !node.state.terminal()) {
            int a = select(node, bounds);
            if (a < 0) {
                node.exhausted = true;
                return null;
            }
            if (node.children[a] == null) {
                node.children[a] = new Node(node.state.apply(a));
            }
            node = node.children[a];
            path.add(node);
        }
        return path;
    }

    @Override
    public void learn(double[] rewards) {
        if (rewards.length != pending.size()) {
            throw new IllegalArgumentException(rewards.length + " rewards for " + pending.size() + " proposals");
        }
        Policy current = policy.get();
        for (int i = 0; i < rewards.length; i++) {
            Pending p = pending.get(i);
            Node leaf = p.path.get(p.path.size() - 1);
            double estimate = current.value(leaf.state);
            double value = Double.isNaN(estimate) ? rewards[i] : 0.5 * rewards[i] + 0.5 * estimate;
            bounds.update(value);
            for (Node node : p.path) {
                node.total += value - p.virtualValue;
            }
        }
        pending.clear();
    }

    /** The PUCT choice at an expanded node among moves not exhausted (ties: the lowest action); -1 if none. */
    static int select(Node node, Bounds bounds) {
        double sqrtN = Math.sqrt(Math.max(1, node.visits));
        double parentQ = node.visits > 0 ? bounds.normalize(node.total / node.visits) : 0.5;
        int best = -1;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int a : node.legal) {
            Node child = node.children[a];
            if (child != null && child.exhausted) {
                continue;
            }
            int n = child == null ? 0 : child.visits;
            double q = n == 0 ? parentQ : bounds.normalize(child.total / n);
            double score = puct(q, node.prior[a], sqrtN, n);
            if (score > bestScore) {
                bestScore = score;
                best = a;
            }
        }
        return best;
    }

    /** {@code q + c * prior * sqrt(N) / (1 + n)}. */
    static double puct(double q, double prior, double sqrtParentVisits, int visits) {
        return q + C_PUCT * prior * sqrtParentVisits / (1 + visits);
    }

    /**
     * Training examples for the network from the visited part of the tree: per node with at least
     * {@code minVisits} visits, its state, the visit shares of its edges (the improved policy) and
     * its mean value.
     */
    List<PolicyNetwork.Example> examples(int minVisits) {
        List<PolicyNetwork.Example> out = new ArrayList<>();
        collect(root, minVisits, out);
        return out;
    }

    private void collect(Node node, int minVisits, List<PolicyNetwork.Example> out) {
        if (node.visits < minVisits || node.state.terminal() || !node.expanded()) {
            return;
        }
        double[] target = new double[node.children.length];
        int sum = 0;
        for (int a : node.legal) {
            if (node.children[a] != null) {
                target[a] = node.children[a].visits;
                sum += node.children[a].visits;
            }
        }
        if (sum > 0) {
            for (int a = 0; a < target.length; a++) {
                target[a] /= sum;
            }
            out.add(new PolicyNetwork.Example(node.state, target, node.total / node.visits));
        }
        for (Node child : node.children) {
            if (child != null) {
                collect(child, minVisits, out);
            }
        }
    }
}
