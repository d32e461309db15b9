package io.quarry.miner;

import io.quarry.dsl.check.CheckedAlpha;
import io.quarry.dsl.eval.BatchEvaluator;
import io.quarry.dsl.eval.EvaluatedAlpha;
import io.quarry.dsl.panel.Panel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Chooses the final pool and fits it, with weights from the training range only and the valid range
 * read once per complete pool, never per candidate. Two ways:
 * <ul>
 *   <li>{@link #bestPool}: the pools the searches built on the training range, each refitted there in
 *       the order its members joined; the one with the highest valid IC is the final pool. Choosing
 *       members one by one for their valid IC from a few hundred shortlisted formulas (this class's
 *       way until the twenty-ninth session) gave pools with three to four times the valid IC of the
 *       searches' own pools and about none on a test year that neither had read (docs/MINING.md,
 *       "The final pool").</li>
 *   <li>{@link #fromSet}: a given set (the WQ101 formulas, say) built into a pool on the training range
 *       by forward selection: each step adds the candidate that raises the training pool's IC most
 *       (AlphaPool's admission rules and fit, {@link TrainingPool}), until the pool is full or none
 *       raises it; the valid range only scores the result.</li>
 * </ul>
 *
 * <p>A look-ahead check guards the result: each member's values on the training rows must be the
 * same whether or not the later rows exist; one that differs is dropped and the choice made again.
 */
final class PoolSelection {

    /** The chosen pool and its scores. */
    record Selected(List<MinedAlpha> members, double trainIc, double trainRankIc, double validIc,
                    double validRankIc, List<String> dropped) {
    }

    private static final int EVALUATION_CHUNK = 32;

    private PoolSelection() {
    }

    /**
     * @param full     the panel up to the valid range's end (and the label's day after it)
     * @param trainEnd the row after the training range
     * @param validEnd the row after the valid range
     * @param pools    each search's pool, members in the order they joined it
     */
    static Selected bestPool(Panel full, int trainEnd, int validEnd, List<List<CheckedAlpha>> pools, int capacity,
                             int parallelism) {
        Map<String, CheckedAlpha> distinct = new LinkedHashMap<>();
        pools.forEach(pool -> pool.forEach(a -> distinct.putIfAbsent(a.hash(), a)));
        Prepared prepared = Prepared.of(full, trainEnd, validEnd, List.copyOf(distinct.values()), capacity, parallelism);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < prepared.kept.size(); i++) {
            index.put(prepared.kept.get(i).hash(), i);
        }
        return prepared.chooseGuarded(excluded -> {
            Chosen best = null;
            for (List<CheckedAlpha> pool : pools) {
                List<Integer> order = pool.stream().map(a -> index.get(a.hash()))
                        .filter(i -> i != null && !excluded[i]).toList();
                Chosen c = prepared.build(order);
                if (best == null || !Double.isNaN(c.valid.ic())
                        && (Double.isNaN(best.valid.ic()) || c.valid.ic() > best.valid.ic())) {
                    best = c;
                }
            }
            return best;
        });
    }

    /**
     * @param full     the panel up to the valid range's end (and the label's day after it)
     * @param trainEnd the row after the training range
     * @param validEnd the row after the valid range
     */
    static Selected fromSet(Panel full, int trainEnd, int validEnd, List<CheckedAlpha> candidates, int capacity,
                            int parallelism) {
        Prepared prepared = Prepared.of(full, trainEnd, validEnd, candidates, capacity, parallelism);
        return prepared.chooseGuarded(excluded -> prepared.build(prepared.forwardOnTrain(excluded)));
    }

    /** The members in the order chosen, and the two pools holding them. */
    private record Chosen(List<Integer> order, TrainingPool train, TrainingPool valid) {
    }

    /** The candidates that evaluated, with their statistics on both ranges. */
    private static final class Prepared {
        private final Panel full;
        private final int trainEnd;
        private final int validEnd;
        private final int capacity;
        private final int parallelism;
        private final BatchEvaluator evaluator;
        private final List<CheckedAlpha> kept = new ArrayList<>();
        private final List<TrainingPool.Prepared> train = new ArrayList<>();
        private final List<TrainingPool.Prepared> valid = new ArrayList<>();
        private final List<String> dropped = new ArrayList<>();

        private Prepared(Panel full, int trainEnd, int validEnd, int capacity, int parallelism) {
            this.full = full;
            this.trainEnd = trainEnd;
            this.validEnd = validEnd;
            this.capacity = capacity;
            this.parallelism = parallelism;
            this.evaluator = new BatchEvaluator(parallelism);
        }

        static Prepared of(Panel full, int trainEnd, int validEnd, List<CheckedAlpha> candidates, int capacity,
                           int parallelism) {
            Prepared p = new Prepared(full, trainEnd, validEnd, capacity, parallelism);
            TrainingPool trainShape = new TrainingPool(full, 0, trainEnd, capacity);
            TrainingPool validShape = new TrainingPool(full, trainEnd, validEnd, capacity);
            for (int from = 0; from < candidates.size(); from += EVALUATION_CHUNK) {
                List<CheckedAlpha> chunk = candidates.subList(from, Math.min(candidates.size(), from + EVALUATION_CHUNK));
                List<EvaluatedAlpha> results = p.evaluator.evaluate(full, chunk).alphas();
                int n = results.size();
                TrainingPool.Prepared[][] ranges = new TrainingPool.Prepared[n][];
                Indices.range(n, parallelism).forEach(i -> {
                    EvaluatedAlpha r = results.get(i);
                    if (r.ok()) {
                        ranges[i] = new TrainingPool.Prepared[] {trainShape.prepare(r.name(), r.values()),
                                validShape.prepare(r.name(), r.values())};
                    }
                });
                for (int i = 0; i < n; i++) {
                    if (ranges[i] == null) {
                        p.dropped.add(results.get(i).name() + ": " + results.get(i).error());
                        continue;
                    }
                    p.kept.add(results.get(i).alpha());
                    p.train.add(ranges[i][0]);
                    p.valid.add(ranges[i][1]);
                }
            }
            return p;
        }

        /**
         * The pool {@code choose} makes of the candidates not excluded, scored, once no member's training
         * values look ahead; each one that does is excluded and the choice made again.
         */
        Selected chooseGuarded(Function<boolean[], Chosen> choose) {
            boolean[] excluded = new boolean[kept.size()];
            RangeScores trainScores = new RangeScores(full, 0, trainEnd);
            RangeScores validScores = new RangeScores(full, trainEnd, validEnd);
            while (true) {
                Chosen chosen = choose.apply(excluded);
                List<CheckedAlpha> members = chosen.order.stream().map(kept::get).toList();
                // The members' values again, rather than every candidate's kept from the first
                // evaluation: several hundred candidates held ~4 MB more each on the shared panel.
                List<double[]> values = members.isEmpty() ? List.of()
                        : evaluator.evaluate(full, members).alphas().stream().map(EvaluatedAlpha::values).toList();
                List<Integer> leaking = lookingAhead(full, trainEnd, chosen.order, members, values, evaluator);
                if (leaking.isEmpty()) {
                    return result(chosen, members, values, trainScores, validScores, dropped);
                }
                for (int i : leaking) {
                    excluded[i] = true;
                    dropped.add(kept.get(i).name() + ": its training values change when later rows exist (look-ahead)");
                }
            }
        }

        /**
         * The candidates in {@code order} offered to an empty training pool one after the other (one
         * that the pool's rules turn down is left out), and its copy on the valid range with the
         * training weights.
         */
        Chosen build(List<Integer> order) {
            TrainingPool trainPool = new TrainingPool(full, 0, trainEnd, capacity);
            TrainingPool validPool = new TrainingPool(full, trainEnd, validEnd, capacity);
            List<Integer> members = new ArrayList<>();
            for (int i : order) {
                TrainingPool.Trial t = trainPool.trial(train.get(i), trainPool.crossDays(train.get(i)));
                if (!t.accepted() || t.evicted() >= 0) {
                    continue;
                }
                trainPool.commit(t);
                validPool.append(valid.get(i), validPool.crossDays(valid.get(i)), t.weights());
                members.add(i);
            }
            return new Chosen(List.copyOf(members), trainPool, validPool);
        }

        /**
         * Forward selection on the training range: each step adds the candidate whose trial gives the
         * highest training IC, while one raises it and the pool has room; the order they were added in.
         */
        List<Integer> forwardOnTrain(boolean[] excluded) {
            TrainingPool trainPool = new TrainingPool(full, 0, trainEnd, capacity);
            int m = train.size();
            List<List<double[]>> cross = new ArrayList<>();
            for (int i = 0; i < m; i++) {
                cross.add(new ArrayList<>());
            }
            List<Integer> order = new ArrayList<>();
            boolean[] used = excluded.clone();
            while (trainPool.size() < capacity) {
                double floor = trainPool.icToBeat();
                TrainingPool.Trial[] trials = new TrainingPool.Trial[m];
                Indices.range(m, parallelism).forEach(i -> {
                    if (!used[i]) {
                        TrainingPool.Trial t = trainPool.trial(train.get(i), cross.get(i).toArray(new double[0][]));
                        trials[i] = t.accepted() && t.ic() > floor ? t : null;
                    }
                });
                int best = -1;
                for (int i = 0; i < m; i++) {
                    if (trials[i] != null && (best < 0 || trials[i].ic() > trials[best].ic())) {
                        best = i;
                    }
                }
                if (best < 0) {
                    break;
                }
                used[best] = true;
                order.add(best);
                trainPool.commit(trials[best]);
                int added = best;
                Indices.range(m, parallelism).forEach(i -> {
                    if (!used[i]) {
                        cross.get(i).add(trainPool.dayDots(train.get(i).z(), train.get(added).z()));
                    }
                });
            }
            return order;
        }
    }

    /**
     * The candidates ({@code order}) among the members whose values on the training rows differ
     * when only the training rows exist.
     *
     * @param values the members' values over {@code full}
     */
    private static List<Integer> lookingAhead(Panel full, int trainEnd, List<Integer> order, List<CheckedAlpha> members,
                                              List<double[]> values, BatchEvaluator evaluator) {
        if (members.isEmpty()) {
            return List.of();
        }
        List<EvaluatedAlpha> truncated = evaluator.evaluate(Rows.head(full, trainEnd), members).alphas();
        List<Integer> out = new ArrayList<>();
        int rows = full.rows();
        for (int m = 0; m < members.size(); m++) {
            double[] a = values.get(m);
            double[] b = truncated.get(m).values();
            boolean same = a != null && b != null;
            for (int s = 0; same && s < full.symbolCount(); s++) {
                for (int t = 0; t < trainEnd && same; t++) {
                    same = Double.doubleToLongBits(a[s * rows + t]) == Double.doubleToLongBits(b[s * trainEnd + t]);
                }
            }
            if (!same) {
                out.add(order.get(m));
            }
        }
        return out;
    }

    /** @param values the members' values over the panel, in the order chosen */
    private static Selected result(Chosen chosen, List<CheckedAlpha> members, List<double[]> values,
                                   RangeScores trainScores, RangeScores validScores, List<String> dropped) {
        double[] w = chosen.train.weights();
        List<MinedAlpha> mined = new ArrayList<>();
        for (int k = 0; k < members.size(); k++) {
            double[] train = trainScores.timeMajor(values.get(k));
            double[] valid = validScores.timeMajor(values.get(k));
            mined.add(new MinedAlpha(SearchSpace.renamed(members.get(k), String.format("mined_%02d", k + 1)), w[k],
                    trainScores.ic(train, false), trainScores.ic(train, true),
                    validScores.ic(valid, false), validScores.ic(valid, true), Double.NaN, Double.NaN));
        }
        if (mined.isEmpty()) {
            return new Selected(mined, Double.NaN, Double.NaN, Double.NaN, Double.NaN, dropped);
        }
        RangeScores.PoolScores validPool = validScores.pool(values, w);
        return new Selected(mined, chosen.train.ic(), trainScores.pool(values, w).rankIc(), validPool.ic(),
                validPool.rankIc(), dropped);
    }
}
