package io.quarry.miner;

import io.quarry.dsl.ast.Expr;
import io.quarry.dsl.canon.Printer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A tree of complete formulas over the token tree, as Alpha Jungle refines formulas: the root's own
 * action writes a new formula (the token tree proposes it); every formula that paid (reward above 0)
 * becomes a node under the node whose action produced it, and a formula node's own action proposes a
 * one-step edit of its formula ({@link Edits}). A simulation descends from the root by PUCT, at each
 * node choosing between its own action (prior {@link #OWN_PRIOR}, or 1 while it has no children)
 * and its children (the rest of the prior, shared equally), on discounted, min-max-normalised
 * statistics as in {@link Mcts}; a new node starts with one visit worth the reward it earned, so
 * the formulas that paid most are refined first. Each simulation's reward is backed up its path
 * and, for a written formula, to the token tree, which sees exactly its own proposals' rewards.
 *
 * <p>Why: the token tree writes a formula leaves first, so a signal two fields and an operator deep
 * ({@code correlation(close, volume, 10)}) is found only whole; a formula one edit away from it
 * ({@code correlation(vwap, volume, 20)}) already carries most of its signal, and an edit reaches
 * it (docs/MINING.md, "Planted alpha").
 */
final class RefinementTree implements Proposer {

    /** The prior of a node's own action (write or refine) once it has children. */
    static final double OWN_PRIOR = 0.5;
    /** Edits drawn again when they repeat a formula proposed before. */
    static final int EDIT_RETRIES = 8;
    /** Mixed into the seed so that edits draw from another stream than the token tree's. */
    private static final long EDIT_STREAM = 0x5DEECE66DL;

    /** A formula (none at the root), the statistics of its own action and of every simulation through it. */
    static final class FormulaNode {
        final Expr formula;
        final List<FormulaNode> children = new ArrayList<>();
        final Mcts.Stats own = new Mcts.Stats();
        final Mcts.Stats all = new Mcts.Stats();

        FormulaNode(Expr formula) {
            this.formula = formula;
        }
    }

    /**
     * A simulation: its path, its virtual value, whether the writer proposes its formula, and the
     * formula (the edit, or once written the writer's; null until then).
     */
    private record Slot(List<FormulaNode> path, double virtual, boolean written, Expr formula) {
        FormulaNode last() {
            return path.get(path.size() - 1);
        }
    }

    private final Proposer writer;
    private final Edits edits;
    private final SplittableRandom rng;
    private final FormulaNode root = new FormulaNode(null);
    private final Mcts.Bounds bounds = new Mcts.Bounds();
    private final Set<String> proposed = new HashSet<>();
    private final List<Slot> pending = new ArrayList<>();
    private final double decay;
    /** Simulations backed up so far. */
    private long clock;

    /**
     * @param writer   proposes new formulas (the token tree)
     * @param halfLife simulations after which a visit counts half
     */
    RefinementTree(Proposer writer, Edits edits, long seed, double halfLife) {
        if (!(halfLife > 0)) {
            throw new IllegalArgumentException("half-life must be positive: " + halfLife);
        }
        this.writer = writer;
        this.edits = edits;
        this.rng = new SplittableRandom(seed ^ EDIT_STREAM);
        this.decay = Math.pow(0.5, 1 / halfLife);
    }

    FormulaNode root() {
        return root;
    }

    /**
     * Selects {@code n} simulations (each with a virtual visit worth the lowest value seen, so that
     * the batch spreads out), then asks the writer for the written ones in one batch. Written slots
     * the writer cannot fill (its space exhausted) are dropped.
     */
    @Override
    public List<Expr> propose(int n) {
        List<Slot> selected = new ArrayList<>(n);
        int toWrite = 0;
        for (int i = 0; i < n; i++) {
            List<FormulaNode> path = descend();
            FormulaNode last = path.get(path.size() - 1);
            Expr edit = null;
            if (last == root) {
                toWrite++;
            } else {
                edit = edits.edit(last.formula, rng);
                for (int r = 0; r < EDIT_RETRIES && proposed.contains(Printer.print(edit)); r++) {
                    edit = edits.edit(last.formula, rng);
                }
            }
            double virtual = bounds.lowest();
            for (FormulaNode p : path) {
                p.all.visit(virtual, decay, clock);
            }
            last.own.visit(virtual, decay, clock);
            selected.add(new Slot(path, virtual, edit == null, edit));
        }
        List<Expr> written = toWrite > 0 ? writer.propose(toWrite) : List.of();
        List<Expr> out = new ArrayList<>(n);
        int k = 0;
        for (Slot s : selected) {
            if (s.written && k == written.size()) {
                for (FormulaNode p : s.path) {
                    p.all.unvisit(s.virtual);
                }
                s.last().own.unvisit(s.virtual);
                continue;
            }
            Slot proposal = s.written ? new Slot(s.path, s.virtual, true, written.get(k++)) : s;
            proposed.add(Printer.print(proposal.formula));
            out.add(proposal.formula);
            pending.add(proposal);
        }
        return out;
    }

    /** The path from the root to the node whose own action wins PUCT over its children's. */
    private List<FormulaNode> descend() {
        List<FormulaNode> path = new ArrayList<>();
        FormulaNode node = root;
        path.add(node);
        while (true) {
            double sqrtN = Math.sqrt(Math.max(1, node.all.discountedVisits(decay, clock)));
            double parentQ = node.all.visits > 0 ? bounds.normalize(node.all.recentMean()) : 0.5;
            boolean ownVisited = node.own.visits > 0;
            double best = Mcts.puct(ownVisited ? bounds.normalize(node.own.recentMean()) : parentQ,
                    node.children.isEmpty() ? 1 : OWN_PRIOR, sqrtN,
                    ownVisited ? node.own.discountedVisits(decay, clock) : 0);
            double childPrior = (1 - OWN_PRIOR) / Math.max(1, node.children.size());
            FormulaNode next = null;
            for (FormulaNode c : node.children) {
                double score = Mcts.puct(bounds.normalize(c.all.recentMean()), childPrior, sqrtN,
                        c.all.discountedVisits(decay, clock));
                if (score > best) {
                    best = score;
                    next = c;
                }
            }
            if (next == null) {
                return path;
            }
            node = next;
            path.add(node);
        }
    }

    @Override
    public void learn(double[] rewards) {
        if (rewards.length != pending.size()) {
            throw new IllegalArgumentException(rewards.length + " rewards for " + pending.size() + " proposals");
        }
        double[] writerRewards = new double[rewards.length];
        int written = 0;
        for (int i = 0; i < rewards.length; i++) {
            if (pending.get(i).written) {
                writerRewards[written++] = rewards[i];
            }
        }
        if (written > 0) {
            writer.learn(Arrays.copyOf(writerRewards, written));
        }
        for (int i = 0; i < rewards.length; i++) {
            Slot s = pending.get(i);
            double value = rewards[i];
            bounds.update(value);
            for (FormulaNode p : s.path) {
                p.all.revalue(s.virtual, value);
            }
            s.last().own.revalue(s.virtual, value);
            if (value > 0) {
                FormulaNode child = new FormulaNode(s.formula);
                child.all.visit(value, decay, clock + rewards.length);
                s.last().children.add(child);
            }
        }
        clock += rewards.length;
        pending.clear();
    }
}
