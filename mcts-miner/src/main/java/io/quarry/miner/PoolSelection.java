package io.quarry.miner;

import io.quarry.dsl.check.CheckedAlpha;
import io.quarry.dsl.eval.BatchEvaluator;
import io.quarry.dsl.eval.EvaluatedAlpha;
import io.quarry.dsl.panel.Panel;
import java.util.ArrayList;
import java.util.List;

/**
 * Chooses the final pool from candidates: forward selection on the valid range, with weights
 * fitted on the training range only. Starting from an empty pool, each step offers every remaining
 * candidate to the training pool (AlphaPool's rules and fit, {@link TrainingPool}), scores the
 * refitted combination's IC on the valid days with those training weights, and keeps the best,
 * until the pool is full or no candidate is left to offer. The pool chosen is the prefix of that
 * path with the highest valid IC (the shortest on ties): stopping at the first step that lowers the
 * valid IC could end on a first member no second one improves, though a longer pool does better.
 * Only a candidate that raises the training pool's IC (above 0 for the first) is offered: the valid
 * range alone would pick luck, a formula with no training IC whose training weight happens to point
 * the way the valid days went.
 *
 * <p>A look-ahead check guards the result: each member's values on the training rows must be the
 * same whether or not the later rows exist; one that differs is dropped and the selection rerun.
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
     */
    static Selected select(Panel full, int trainEnd, int validEnd, List<CheckedAlpha> candidates, int capacity,
                           int parallelism) {
        BatchEvaluator evaluator = new BatchEvaluator(parallelism);
        TrainingPool trainShape = new TrainingPool(full, 0, trainEnd, capacity);
        TrainingPool validShape = new TrainingPool(full, trainEnd, validEnd, capacity);
        List<CheckedAlpha> kept = new ArrayList<>();
        List<TrainingPool.Prepared> train = new ArrayList<>();
        List<TrainingPool.Prepared> valid = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        RangeScores trainScores = new RangeScores(full, 0, trainEnd);
        RangeScores validScores = new RangeScores(full, trainEnd, validEnd);
        for (int from = 0; from < candidates.size(); from += EVALUATION_CHUNK) {
            List<CheckedAlpha> chunk = candidates.subList(from, Math.min(candidates.size(), from + EVALUATION_CHUNK));
            List<EvaluatedAlpha> results = evaluator.evaluate(full, chunk).alphas();
            int n = results.size();
            Candidate[] prepared = new Candidate[n];
            Indices.range(n, parallelism).forEach(i -> {
                EvaluatedAlpha r = results.get(i);
                if (r.ok()) {
                    prepared[i] = new Candidate(trainShape.prepare(r.name(), r.values()),
                            validShape.prepare(r.name(), r.values()));
                }
            });
            for (int i = 0; i < n; i++) {
                if (prepared[i] == null) {
                    dropped.add(results.get(i).name() + ": " + results.get(i).error());
                    continue;
                }
                kept.add(results.get(i).alpha());
                train.add(prepared[i].train);
                valid.add(prepared[i].valid);
            }
        }
        boolean[] excluded = new boolean[kept.size()];
        while (true) {
            Chosen chosen = forward(full, trainEnd, validEnd, capacity, train, valid, excluded, parallelism);
            List<CheckedAlpha> members = chosen.order.stream().map(kept::get).toList();
            // The members' values again, rather than every candidate's kept from the first
            // evaluation: a shortlist of several hundred held ~4 MB more each on the shared panel.
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

    /** A candidate's statistics on both ranges. */
    private record Candidate(TrainingPool.Prepared train, TrainingPool.Prepared valid) {
    }

    /** The members in the order chosen, and the two pools holding them. */
    private record Chosen(List<Integer> order, TrainingPool train, TrainingPool valid) {
    }

    private static Chosen forward(Panel full, int trainEnd, int validEnd, int capacity,
                                  List<TrainingPool.Prepared> train, List<TrainingPool.Prepared> valid,
                                  boolean[] excluded, int parallelism) {
        TrainingPool trainPool = new TrainingPool(full, 0, trainEnd, capacity);
        TrainingPool validPool = new TrainingPool(full, trainEnd, validEnd, capacity);
        int m = train.size();
        List<List<double[]>> crossTrain = new ArrayList<>();
        List<List<double[]>> crossValid = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            crossTrain.add(new ArrayList<>());
            crossValid.add(new ArrayList<>());
        }
        List<Integer> order = new ArrayList<>();
        boolean[] used = excluded.clone();
        double bestIc = Double.NEGATIVE_INFINITY;
        int bestLength = 0;
        while (trainPool.size() < capacity) {
            double trainFloor = trainPool.icToBeat();
            TrainingPool.Trial[] trials = new TrainingPool.Trial[m];
            double[] scores = new double[m];
            Indices.range(m, parallelism).forEach(i -> {
                scores[i] = Double.NaN;
                if (used[i]) {
                    return;
                }
                TrainingPool.Trial t = trainPool.trial(train.get(i), crossTrain.get(i).toArray(new double[0][]));
                if (t.accepted() && t.ic() > trainFloor) {
                    trials[i] = t;
                    scores[i] = validPool.icWith(valid.get(i), crossValid.get(i).toArray(new double[0][]),
                            t.weights());
                }
            });
            int best = -1;
            for (int i = 0; i < m; i++) {
                if (!Double.isNaN(scores[i]) && (best < 0 || scores[i] > scores[best])) {
                    best = i;
                }
            }
            if (best < 0) {
                break;
            }
            used[best] = true;
            order.add(best);
            trainPool.commit(trials[best]);
            validPool.append(valid.get(best), crossValid.get(best).toArray(new double[0][]), trials[best].weights());
            int added = best;
            Indices.range(m, parallelism).forEach(i -> {
                if (!used[i]) {
                    crossTrain.get(i).add(trainPool.dayDots(train.get(i).z(), train.get(added).z()));
                    crossValid.get(i).add(validPool.dayDots(valid.get(i).z(), valid.get(added).z()));
                }
            });
            if (scores[best] > bestIc) {
                bestIc = scores[best];
                bestLength = order.size();
            }
        }
        if (bestLength == order.size()) {
            return new Chosen(order, trainPool, validPool);
        }
        return replay(full, trainEnd, validEnd, capacity, train, valid, crossTrain, crossValid,
                order.subList(0, bestLength));
    }

    /**
     * The pools of a prefix of the path, built again step by step: a chosen candidate's cross
     * products stop growing when it joins, so they hold exactly its products with the members
     * chosen before it, and each step's trial is the one the path made.
     */
    private static Chosen replay(Panel full, int trainEnd, int validEnd, int capacity,
                                 List<TrainingPool.Prepared> train, List<TrainingPool.Prepared> valid,
                                 List<List<double[]>> crossTrain, List<List<double[]>> crossValid,
                                 List<Integer> prefix) {
        TrainingPool trainPool = new TrainingPool(full, 0, trainEnd, capacity);
        TrainingPool validPool = new TrainingPool(full, trainEnd, validEnd, capacity);
        for (int i : prefix) {
            TrainingPool.Trial t = trainPool.trial(train.get(i), crossTrain.get(i).toArray(new double[0][]));
            trainPool.commit(t);
            validPool.append(valid.get(i), crossValid.get(i).toArray(new double[0][]), t.weights());
        }
        return new Chosen(List.copyOf(prefix), trainPool, validPool);
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
        List<double[]> tr = new ArrayList<>();
        List<double[]> tz = new ArrayList<>();
        List<double[]> vr = new ArrayList<>();
        List<double[]> vz = new ArrayList<>();
        for (int k = 0; k < members.size(); k++) {
            double[] train = trainScores.timeMajor(values.get(k));
            double[] valid = validScores.timeMajor(values.get(k));
            tr.add(train);
            tz.add(trainScores.zScores(train));
            vr.add(valid);
            vz.add(validScores.zScores(valid));
            mined.add(new MinedAlpha(SearchSpace.renamed(members.get(k), String.format("mined_%02d", k + 1)), w[k],
                    trainScores.ic(train, false), trainScores.ic(train, true),
                    validScores.ic(valid, false), validScores.ic(valid, true), Double.NaN, Double.NaN));
        }
        if (mined.isEmpty()) {
            return new Selected(mined, Double.NaN, Double.NaN, Double.NaN, Double.NaN, dropped);
        }
        return new Selected(mined, chosen.train.ic(), trainScores.combinedIc(tr, tz, w, true),
                validScores.combinedIc(vr, vz, w, false), validScores.combinedIc(vr, vz, w, true), dropped);
    }
}
