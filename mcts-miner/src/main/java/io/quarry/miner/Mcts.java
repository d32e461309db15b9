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
 * units; an unvisited edge takes its parent's Q), with every visit's weight in Q, N(s) and N(s, a)
 * halving per {@code halfLife} later simulations of the search, expand the first unexpanded node
 * (its priors P from the policy: uniform until the network is trained), complete the formula by
 * drawing tokens from the policy blended half and half with the uniform one (the rollout), and back
 * the reward up the path, mixed half and half with the network's value of the expanded node once it
 * has one (AlphaGo's leaf evaluation).
 *
 * <p>Simulations run in batches: each selected path gets a virtual loss (a visit worth the lowest
 * value seen) so the next selection of the batch spreads out, and the batch's rewards are backed
 * up in order. Ties go to the lowest action, draws come from one seeded generator: the search is a
 * function of its seed and its rewards. A complete formula is proposed once: its node is then
 * exhausted and never selected again (nor a node all of whose moves are), and a rollout that
 * repeats an earlier formula is drawn again (up to {@value #ROLLOUT_RETRIES} times).
 *
 * <p>Why the discount: the reward is a gain to a pool that fills as the search runs, so a move that
 * paid well early pays little once the pool holds its formulas. With all-time means the tree kept
 * returning to such moves for thousands of simulations (discounted UCB, Garivier and Moulines 2008,
 * is the bandit answer to rewards that drift).
 */
final class Mcts implements Proposer {

    /** The exploration constant: 0.75 and 3 both did worse on seeds 7-9 at budget 20,000 (docs/MINING.md). */
    static final double C_PUCT = 1.5;
    /**
     * Simulations after which a visit counts half in the tree's statistics: the first value tried;
     * on eight seeds at budget 20,000 it did better than 300 and as well as 3,000 (docs/MINING.md,
     * "Thirteenth session").
     */
    static final double HALF_LIFE = 1000;
    /** Rollouts drawn again when they repeat an earlier formula token for token. */
    static final int ROLLOUT_RETRIES = 8;

    /**
     * Visit statistics: all-time for the network's examples, and discounted per simulation for the
     * selection (shared with {@link RefinementTree}'s formula nodes).
     */
    static class Stats {
        /** Simulations through this node and the sum of their values, all time: the network's examples. */
        int visits;
        double total;
        /** The same, each simulation weighted by the decay per simulation since: what the selection uses. */
        double recentVisits;
        double recentTotal;
        /** The search's simulation clock when the recent statistics were last discounted. */
        long stamp;

        /** The discounted visit count at simulation {@code clock}. */
        double discountedVisits(double decay, long clock) {
            return clock == stamp ? recentVisits : recentVisits * Math.pow(decay, clock - stamp);
        }

        /** The discounted mean value. */
        double recentMean() {
            return recentTotal / recentVisits;
        }

        /** Adds a visit of the given value at simulation {@code clock}, discounting the earlier ones first. */
        void visit(double value, double decay, long clock) {
            if (clock != stamp) {
                double f = Math.pow(decay, clock - stamp);
                recentVisits *= f;
                recentTotal *= f;
                stamp = clock;
            }
            visits++;
            total += value;
            recentVisits++;
            recentTotal += value;
        }

        /** Replaces {@code from} by {@code to} in the value of a visit made at the current clock. */
        void revalue(double from, double to) {
            total += to - from;
            recentTotal += to - from;
        }

        /** Takes back a visit of the given value made at the current clock. */
        void unvisit(double value) {
            visits--;
            total -= value;
            recentVisits--;
            recentTotal -= value;
        }
    }

    /** A partial formula and the statistics of the edge into it. */
    static final class Node extends Stats {
        final RpnState state;
        final int[] legal;
        final Node[] children;
        double[] prior;
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
    /** The weight a visit keeps per later simulation. */
    private final double decay;
    /** Simulations backed up so far. */
    private long clock;

    /**
     * @param policy   the current prior/rollout/value policy (it changes as the network trains)
     * @param halfLife simulations after which a visit counts half; infinite for all-time statistics
     */
    Mcts(SearchSpace space, Supplier<Policy> policy, long seed, double halfLife) {
        if (!(halfLife > 0)) {
            throw new IllegalArgumentException("half-life must be positive: " + halfLife);
        }
        this.root = new Node(space.start());
        this.policy = policy;
        this.rng = new SplittableRandom(seed);
        this.decay = Math.pow(0.5, 1 / halfLife);
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
                p.visit(virtual, decay, clock);
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
            int a = select(node, bounds, decay, clock);
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
                node.revalue(p.virtualValue, value);
            }
        }
        clock += rewards.length;
        pending.clear();
    }

    /**
     * The PUCT choice at an expanded node among moves not exhausted (ties: the lowest action), on
     * the statistics discounted to simulation {@code clock}; -1 if none.
     */
    static int select(Node node, Bounds bounds, double decay, long clock) {
        double sqrtN = Math.sqrt(Math.max(1, node.discountedVisits(decay, clock)));
        double parentQ = node.visits > 0 ? bounds.normalize(node.recentMean()) : 0.5;
        int best = -1;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int a : node.legal) {
            Node child = node.children[a];
            if (child != null && child.exhausted) {
                continue;
            }
            boolean unvisited = child == null || child.visits == 0;
            double n = unvisited ? 0 : child.discountedVisits(decay, clock);
            double q = unvisited ? parentQ : bounds.normalize(child.recentMean());
            double score = puct(q, node.prior[a], sqrtN, n);
            if (score > bestScore) {
                bestScore = score;
                best = a;
            }
        }
        return best;
    }

    /** {@code q + c * prior * sqrt(N) / (1 + n)}. */
    static double puct(double q, double prior, double sqrtParentVisits, double visits) {
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
