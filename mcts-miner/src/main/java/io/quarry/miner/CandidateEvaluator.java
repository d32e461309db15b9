package io.quarry.miner;

import io.quarry.dsl.check.CheckedAlpha;
import io.quarry.dsl.eval.BatchEvaluator;
import io.quarry.dsl.eval.EvaluatedAlpha;
import io.quarry.dsl.panel.Panel;
import java.util.List;

/**
 * Evaluates batches of candidates on one panel: a batch is one merged graph (shared subtrees once,
 * each operator parallel inside), and subtrees computed for earlier batches come from a
 * {@link SubtreeCache}.
 */
final class CandidateEvaluator {

    private final Panel panel;
    private final BatchEvaluator evaluator;
    private final SubtreeCache cache;

    CandidateEvaluator(Panel panel, int parallelism, long cacheBytes) {
        this.panel = panel;
        this.evaluator = new BatchEvaluator(parallelism);
        this.cache = new SubtreeCache(cacheBytes);
    }

    /** Per candidate, its symbol-major values over the panel, or null when it cannot be evaluated. */
    double[][] evaluate(List<CheckedAlpha> candidates) {
        double[][] out = new double[candidates.size()][];
        if (candidates.isEmpty()) {
            return out;
        }
        List<EvaluatedAlpha> results = evaluator.evaluate(panel, candidates, cache).alphas();
        for (int i = 0; i < out.length; i++) {
            out[i] = results.get(i).ok() ? results.get(i).values() : null;
        }
        return out;
    }
}
