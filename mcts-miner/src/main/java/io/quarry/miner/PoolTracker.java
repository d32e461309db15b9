package io.quarry.miner;

import io.quarry.dsl.ast.Expr;
import io.quarry.dsl.check.CheckedAlpha;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The search's pool on the training range and the reward it pays (AlphaGen): a candidate's reward
 * is the pool IC it adds (the admission rules of {@link io.quarry.evaluator.AlphaPool}: same name, no
 * variation, |correlation| above 0.99 with a member, or smallest weight in a full pool reject it),
 * minus the frequent-subtree penalty ({@link SubtreeCounter}).
 *
 * <p>A batch is scored against the pool as it was before the batch, in parallel (each candidate
 * writes only its own slot), then joined in candidate order: a candidate that raises the IC joins,
 * re-checked against the pool as its batch-mates left it. So the result never depends on thread
 * timing.
 */
final class PoolTracker {

    /** A candidate's outcome: reward = gain - penalty; joined = it is now a member. */
    record Outcome(double gain, double penalty, boolean joined) {
        double reward() {
            return gain - penalty;
        }
    }

    private final TrainingPool pool;
    private final double penaltyThreshold;
    private final double penaltyWeight;
    private final int parallelism;
    private final Map<String, CheckedAlpha> seen = new HashMap<>();
    private final Map<String, CheckedAlpha> joinedEver = new LinkedHashMap<>();

    /** @param parallelism threads a batch's candidates are scored on */
    PoolTracker(TrainingPool empty, double penaltyThreshold, double penaltyWeight, int parallelism) {
        this.pool = empty;
        this.penaltyThreshold = penaltyThreshold;
        this.penaltyWeight = penaltyWeight;
        this.parallelism = parallelism;
    }

    int size() {
        return pool.size();
    }

    /** The pool's training IC; NaN when empty. */
    double ic() {
        return pool.ic();
    }

    /** The members and their weights. */
    Map<String, Double> weights() {
        Map<String, Double> out = new LinkedHashMap<>();
        double[] w = pool.weights();
        List<String> names = pool.members();
        for (int i = 0; i < names.size(); i++) {
            out.put(names.get(i), w[i]);
        }
        return out;
    }

    /** Every candidate that was ever a member, in the order they joined. */
    List<CheckedAlpha> joinedEver() {
        return List.copyOf(joinedEver.values());
    }

    /** The members' canonical trees. */
    List<Expr> memberTrees() {
        return pool.members().stream().map(name -> seen.get(name).canonical()).toList();
    }

    /**
     * Offers a batch.
     *
     * @param values per candidate, its values over the pool's panel, or null when it could not be
     *               evaluated (gain 0)
     */
    List<Outcome> offer(List<CheckedAlpha> candidates, double[][] values) {
        int n = candidates.size();
        double before = pool.icToBeat();
        List<TrainingPool.Prepared> startMembers = pool.memberStats();
        SubtreeCounter counter = new SubtreeCounter(memberTrees());
        TrainingPool.Prepared[] prepared = new TrainingPool.Prepared[n];
        Indices.range(n, parallelism).forEach(i -> {
            if (values[i] != null) {
                prepared[i] = pool.prepare(candidates.get(i).name(), values[i]);
            }
        });
        // Cross products only for candidates the cheap rules let in; the others' trials reject them.
        List<TrainingPool.Prepared> ready = new ArrayList<>();
        int[] slot = new int[n];
        for (int i = 0; i < n; i++) {
            slot[i] = prepared[i] != null && pool.admissible(prepared[i]) ? ready.size() : -1;
            if (slot[i] >= 0) {
                ready.add(prepared[i]);
            }
        }
        double[][][] cross = pool.crossDays(ready, parallelism);
        TrainingPool.Trial[] trials = new TrainingPool.Trial[n];
        Indices.range(n, parallelism).forEach(i -> {
            if (prepared[i] != null) {
                trials[i] = pool.trial(prepared[i], slot[i] >= 0 ? cross[slot[i]] : null);
            }
        });
        List<Outcome> out = new ArrayList<>(n);
        boolean changed = false;
        for (int i = 0; i < n; i++) {
            CheckedAlpha c = candidates.get(i);
            seen.put(c.name(), c);
            TrainingPool.Trial t = trials[i];
            double gain = t == null || !t.accepted() || Double.isNaN(t.ic()) ? 0 : t.ic() - before;
            boolean joined = false;
            if (gain > 0) {
                TrainingPool.Trial now = changed
                        ? pool.trial(prepared[i], pool.crossDays(prepared[i], startMembers, cross[slot[i]])) : t;
                double current = pool.icToBeat();
                if (now.accepted() && now.ic() > current) {
                    pool.commit(now);
                    changed = true;
                    joined = true;
                    joinedEver.putIfAbsent(c.name(), c);
                }
            }
            out.add(new Outcome(gain, counter.penalty(c.canonical(), penaltyThreshold, penaltyWeight), joined));
        }
        // Nothing refers to the others' statistics now: their arrays serve the next batch.
        for (int i = 0; i < n; i++) {
            if (prepared[i] != null && !out.get(i).joined()) {
                pool.release(prepared[i]);
            }
        }
        return out;
    }
}
