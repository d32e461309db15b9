package io.quarry.miner;

import io.quarry.dsl.check.CheckedAlpha;
import io.quarry.dsl.eval.BatchEvaluator;
import io.quarry.dsl.eval.EvaluatedAlpha;
import io.quarry.dsl.panel.Panel;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Evaluates batches of candidates on one panel: a batch is one merged graph (shared subtrees once,
 * each operator parallel inside), and subtrees computed for earlier batches come from a
 * {@link SubtreeCache}, which also keeps the arrays a batch is done with for the next. One thread
 * at a time; several evaluators may share a cache.
 */
final class CandidateEvaluator {

    private final Panel panel;
    private final BatchEvaluator evaluator;
    private final SubtreeCache cache;

    /** @param cache a cache of its own, or one that evaluators of the same panel share */
    CandidateEvaluator(Panel panel, int parallelism, SubtreeCache cache) {
        this.panel = panel;
        this.evaluator = new BatchEvaluator(parallelism);
        this.cache = cache;
    }

    /**
     * Evaluates the candidates and hands {@code use} their symbol-major values over the panel (null
     * for one that cannot be evaluated), valid only until it returns: the arrays are then reused.
     */
    <T> T evaluate(List<CheckedAlpha> candidates, Function<double[][], T> use) {
        double[][] values = new double[candidates.size()][];
        if (!candidates.isEmpty()) {
            long evaluation = cache.evaluationStarted();
            List<EvaluatedAlpha> results = evaluator.evaluate(panel, candidates, cache).alphas();
            cache.evaluationDone(evaluation);
            for (int i = 0; i < values.length; i++) {
                values[i] = results.get(i).ok() ? results.get(i).values() : null;
            }
        }
        T result = use.apply(values);
        // Candidates that are one tree once derived fields are expanded share one array: it goes
        // back once.
        Set<double[]> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
        for (double[] v : values) {
            if (v != null && distinct.add(v)) {
                cache.recycle(v);
            }
        }
        return result;
    }
}
