package io.quarry.evaluator;

import io.quarry.dsl.ast.Expr;
import io.quarry.dsl.check.CheckedAlpha;
import io.quarry.dsl.check.Operator;
import io.quarry.dsl.eval.BatchEvaluator;
import io.quarry.dsl.eval.EvaluatedAlpha;
import io.quarry.dsl.eval.Evaluation;
import io.quarry.dsl.panel.Panel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * On which panel rows each alpha is evaluated: the scoring days need the rows from the first
 * scoring row back by the alpha's lookback, up to the last scored row, and nothing else. The
 * values on the scoring rows are the same functions of the same inputs as in an evaluation of the
 * whole history (up to float rounding: window statistics longer than 32 rows are accumulated in
 * blocks that start where the rows start).
 *
 * <p>Alphas are evaluated in at most two batches by lookback, split where that minimises
 * (alphas x rows) when it saves at least {@value #MIN_SAVING} of the work of one batch over the rows
 * the longest lookback needs (a batch shares subexpressions, so splitting has a cost). An alpha
 * that uses {@code ema}, whose memory has no fixed length, is evaluated from the first row.
 */
final class RowPlan {

    static final double MIN_SAVING = 0.15;

    /** The first row of each alpha's evaluation. */
    private final int[] starts;
    /** The row after the last scored row. */
    private final int end;

    private RowPlan(int[] starts, int end) {
        this.starts = starts;
        this.end = end;
    }

    /** The plan for alphas scored on a range. */
    static RowPlan of(ScoringRange range, List<CheckedAlpha> alphas) {
        int firstDay = range.rows[0];
        int end = range.end;
        int[] need = new int[alphas.size()];
        for (int a = 0; a < need.length; a++) {
            need[a] = usesEma(alphas.get(a).canonical()) ? 0 : Math.max(0, firstDay - alphas.get(a).lookback());
        }
        int earliest = Arrays.stream(need).min().orElse(firstDay);
        long single = (long) need.length * (end - earliest);
        int[] candidates = Arrays.stream(need).distinct().toArray();
        int bestCut = earliest;
        long best = single;
        for (int cut : candidates) {
            // Alphas that may start at `cut` or later start there; the others at `earliest`.
            long late = Arrays.stream(need).filter(r -> r >= cut).count();
            long cost = late * (end - cut) + (need.length - late) * (end - earliest);
            if (cost < best) {
                best = cost;
                bestCut = cut;
            }
        }
        int[] starts = new int[need.length];
        boolean split = best <= (1 - MIN_SAVING) * single;
        for (int a = 0; a < need.length; a++) {
            starts[a] = split && need[a] >= bestCut ? bestCut : earliest;
        }
        return new RowPlan(starts, end);
    }

    /** The first row of an alpha's evaluation. */
    int start(int alpha) {
        return starts[alpha];
    }

    /** The row after the last scored row. */
    int end() {
        return end;
    }

    /** The earliest row any alpha needs. */
    int first() {
        return Arrays.stream(starts).min().orElse(end);
    }

    /**
     * Evaluates some of the alphas on a market whose rows are the panel's rows {@code [first(), end)}
     * (the panel itself sliced, or a perturbed copy of that slice).
     *
     * @param indices which alphas of the plan's list to evaluate
     * @param errors  receives, per index of the plan's list, why an alpha could not be evaluated
     * @return per index of the plan's list, the values on the scoring days (time-major), or null for an
     *         alpha not evaluated or in error
     */
    double[][] evaluate(Panel market, List<CheckedAlpha> alphas, int[] indices, ScoringRange range,
                        BatchEvaluator evaluator, String[] errors) {
        int first = first();
        TreeMap<Integer, List<Integer>> batches = new TreeMap<>();
        for (int a : indices) {
            batches.computeIfAbsent(starts[a], k -> new ArrayList<>()).add(a);
        }
        double[][] out = new double[alphas.size()][];
        for (var batch : batches.entrySet()) {
            int start = batch.getKey();
            List<Integer> members = batch.getValue();
            Panel rows = PanelSlices.rows(market, start - first, end - first);
            Evaluation evaluation = evaluator.evaluate(rows, members.stream().map(alphas::get).toList());
            Parallel.chunks(members.size(), 1, (from, to) -> {
                for (int i = from; i < to; i++) {
                    EvaluatedAlpha result = evaluation.alphas().get(i);
                    int a = members.get(i);
                    if (result.ok()) {
                        out[a] = range.timeMajor(result.values(), start, rows.rows());
                    } else {
                        errors[a] = result.error();
                    }
                }
            });
        }
        return out;
    }

    private static boolean usesEma(Expr e) {
        if (e instanceof Expr.Call c && Operator.byName(c.function()).orElse(null) == Operator.EMA) {
            return true;
        }
        for (Expr child : e.children()) {
            if (usesEma(child)) {
                return true;
            }
        }
        return false;
    }
}
