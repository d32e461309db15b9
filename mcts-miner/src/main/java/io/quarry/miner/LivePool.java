package io.quarry.miner;

import io.quarry.dsl.check.CheckedAlpha;
import io.quarry.dsl.panel.Panel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A training pool fed by searches running elsewhere: the global pool of a mining job whose
 * parallel searches send it the formulas that joined their own pools. Each formula (by canonical
 * hash) is evaluated once however many searches found it; it joins when it raises the pool's
 * training IC, under the same admission rules as a search's own pool. The final result of a mining
 * job does not come from here but from {@link Miner#select}; this pool is what a live stream
 * evaluates while the searches run.
 */
public final class LivePool {

    /** How membership changed: formulas that joined, names that left (a full pool drops its smallest weight). */
    public record Change(List<CheckedAlpha> joined, List<String> left) {
        public Change {
            joined = List.copyOf(joined);
            left = List.copyOf(left);
        }
    }

    private final CandidateEvaluator evaluator;
    private final PoolTracker tracker;
    private final Set<String> seen = new HashSet<>();
    private int offered;

    /**
     * @param trainTo    last training day; the pool never reads a row after it (and the label's next day)
     * @param validTo    last valid day (checked as {@link Miner#search} checks it)
     * @param cacheBytes memory for subtrees shared by the formulas it evaluates (they share many)
     */
    public LivePool(Panel panel, String trainTo, String validTo, int capacity, int parallelism, long cacheBytes) {
        Miner.Split split = Miner.Split.of(panel, trainTo, validTo);
        Panel searchPanel = Rows.head(panel, Math.min(split.trainEnd() + 1, panel.rows()));
        this.evaluator = new CandidateEvaluator(searchPanel, parallelism, new SubtreeCache(cacheBytes));
        this.tracker = new PoolTracker(new TrainingPool(searchPanel, split.trainEnd(), capacity),
                Miner.SUBTREE_THRESHOLD, Miner.SUBTREE_WEIGHT, parallelism);
    }

    /** Offers formulas in order; one seen before is skipped. */
    public Change offer(List<CheckedAlpha> candidates) {
        offered += candidates.size();
        List<CheckedAlpha> fresh = candidates.stream().filter(c -> seen.add(c.hash())).toList();
        Set<String> before = tracker.weights().keySet();
        List<PoolTracker.Outcome> outcomes = evaluator.evaluate(fresh, values -> tracker.offer(fresh, values));
        Set<String> after = tracker.weights().keySet();
        List<CheckedAlpha> joined = new ArrayList<>();
        for (int i = 0; i < fresh.size(); i++) {
            if (outcomes.get(i).joined() && after.contains(fresh.get(i).name())) {
                joined.add(fresh.get(i));
            }
        }
        List<String> left = before.stream().filter(name -> !after.contains(name)).toList();
        return new Change(joined, left);
    }

    /** The members and their weights, in pool order. */
    public Map<String, Double> weights() {
        return tracker.weights();
    }

    /** The pool's training IC; NaN when empty. */
    public double ic() {
        return tracker.ic();
    }

    /** Formulas offered that another search had already sent. */
    public int duplicates() {
        return offered - seen.size();
    }
}
