package io.quarry.evaluator;

import io.quarry.dsl.check.CheckedAlpha;
import io.quarry.dsl.eval.BatchEvaluator;
import io.quarry.dsl.panel.Panel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Scores alphas: IC, RankIC and their IRs, the AlphaEval dimensions (PPS, RRE, PFS, logic per alpha;
 * diversity of the set), a composite score, and the linear pool of the set. docs/SCORING.md defines
 * every number.
 *
 * <p>Stateless and thread-safe. The heavy numeric work runs on the given {@link ScoringKernels}.
 * The alphas are evaluated three times, once clean and twice perturbed for PFS, each time only on
 * the rows the scoring days need ({@link RowPlan}): the scoring rows and each alpha's lookback
 * before them. An alpha that cannot be evaluated (a field the data lacks) gets an error and NaN
 * metrics; the others are scored as usual.
 */
public final class Scorer {

    private final ScoringKernels kernels;
    private final BatchEvaluator evaluator;

    /** A scorer whose numeric kernels are {@code kernels} (e.g. {@link PlainKernels}). */
    public Scorer(ScoringKernels kernels) {
        this.kernels = Objects.requireNonNull(kernels, "kernels");
        this.evaluator = new BatchEvaluator();
    }

    /**
     * Scores the alphas of a request.
     *
     * @throws IllegalArgumentException with a message naming the problem: a range without data, a
     *                                  horizon longer than the data, no day with a known label, a label
     *                                  that cannot be evaluated
     */
    public ScoreReport score(ScoreRequest request) {
        ScoringRange range = ScoringRange.resolve(request.panel(), request.label(), request.from(), request.to(),
                evaluator);
        List<CheckedAlpha> alphas = request.alphas();
        int count = alphas.size();
        RowPlan plan = RowPlan.of(range, alphas);
        Panel history = PanelSlices.rows(range.panel, plan.first(), plan.end());
        String[] errors = new String[count];
        double[][] values = plan.evaluate(history, alphas, IntStream.range(0, count).toArray(), range, evaluator,
                errors);
        int[] ok = IntStream.range(0, count).filter(a -> values[a] != null).toArray();
        double[][] okValues = Arrays.stream(ok).mapToObj(a -> values[a]).toArray(double[][]::new);

        int days = range.days();
        int symbols = range.symbols;
        double[][] dailyIc = kernels.dailyCorrelations(okValues, range.labelValues, days, symbols, false,
                ScoringRange.MIN_PAIRS);
        double[][] dailyRankIc = kernels.dailyCorrelations(okValues, range.labelValues, days, symbols, true,
                ScoringRange.MIN_PAIRS);
        double[][][] perturbed = Robustness.perturbedValues(range, plan, history, alphas, ok, request.seed(),
                evaluator);
        double[] rre = new double[ok.length];
        double[] pfs = new double[ok.length];
        double[] coverage = new double[ok.length];
        double[][] zScores = new double[ok.length][];
        Parallel.chunks(ok.length, 1, (from, to) -> {
            Ranks.Scratch scratch = new Ranks.Scratch(symbols);
            int[][] order = {new int[symbols], new int[symbols]};
            double[] logHalves = Stability.Walk.logHalves(symbols);
            for (int i = from; i < to; i++) {
                double[] clean = okValues[i];
                // Each day's clean values are sorted once, for RRE and for both noises of PFS.
                Stability.Walk stability = new Stability.Walk(logHalves);
                Robustness.Fidelity fidelity = new Robustness.Fidelity(noisyValues(perturbed, ok[i]), days, symbols);
                for (int d = 0; d < days; d++) {
                    int[] dayOrder = order[d & 1];
                    int base = d * symbols;
                    int present = Ranks.order(clean, base, symbols, scratch, dayOrder);
                    stability.add(clean, base, dayOrder, present, scratch);
                    fidelity.add(d, clean, base, dayOrder, present, scratch);
                }
                rre[i] = stability.rre();
                pfs[i] = fidelity.pfs();
                coverage[i] = coverage(clean);
                zScores[i] = AlphaPool.zScores(clean, range);
            }
        });

        List<AlphaScore> scores = new ArrayList<>(count);
        int next = 0;
        for (int a = 0; a < count; a++) {
            CheckedAlpha alpha = alphas.get(a);
            if (values[a] == null) {
                scores.add(failed(alpha, errors[a]));
                continue;
            }
            int i = next++;
            DailySeries icSeries = DailySeries.of(dailyIc[i]);
            DailySeries rankSeries = DailySeries.of(dailyRankIc[i]);
            LogicRubric.Logic logic = LogicRubric.score(alpha, range.end);
            scores.add(new AlphaScore(alpha.name(), alpha.canonicalText(), icSeries.mean(), rankSeries.mean(),
                    icSeries.ratio(), rankSeries.ratio(), 0.5 * icSeries.mean() + 0.5 * rankSeries.mean(), rre[i],
                    pfs[i], logic.score(), logic.notes(), Double.NaN, coverage[i], icSeries.count(), null));
        }
        List<AlphaScore> ranked = Composite.rank(scores, request.weights());
        List<String> okNames = Arrays.stream(ok).mapToObj(a -> alphas.get(a).name()).toList();
        return new ScoreReport(range.firstDay(), range.lastDay(), range.label.name(), range.label.horizon(), ranked,
                setScore(range, ranked, okNames, okValues, zScores, request.poolCapacity()));
    }

    /**
     * Diversity of the alphas with an IC, and the pool built by offering them in order of composite
     * score, fitted on the scoring days themselves.
     */
    private SetScore setScore(ScoringRange range, List<AlphaScore> ranked, List<String> names, double[][] values,
                              double[][] zScores, int capacity) {
        List<Integer> offered = new ArrayList<>();
        for (AlphaScore score : ranked) {
            if (score.error() == null && score.days() > 0) {
                offered.add(names.indexOf(score.name()));
            }
        }
        double diversity = Diversity.of(offered.stream().map(i -> zScores[i]).toList(), kernels);
        AlphaPool pool = AlphaPool.over(range, kernels, capacity, 0);
        for (int i : offered) {
            pool = pool.add(names.get(i), values[i], zScores[i]).pool();
        }
        return new SetScore(diversity, pool.ic(), pool.rankIc(), pool.weights());
    }

    /** One alpha's values per noise, or null when there are none or it failed on a perturbed panel. */
    private static double[][] noisyValues(double[][][] perturbed, int alpha) {
        if (perturbed == null) {
            return null;
        }
        double[][] noisy = new double[perturbed.length][];
        for (int k = 0; k < noisy.length; k++) {
            if (perturbed[k][alpha] == null) {
                return null;
            }
            noisy[k] = perturbed[k][alpha];
        }
        return noisy;
    }

    private static AlphaScore failed(CheckedAlpha alpha, String error) {
        double nan = Double.NaN;
        return new AlphaScore(alpha.name(), alpha.canonicalText(), nan, nan, nan, nan, nan, nan, nan, nan, List.of(),
                nan, nan, 0, error);
    }

    private static double coverage(double[] values) {
        int present = 0;
        for (double v : values) {
            present += Double.isNaN(v) ? 0 : 1;
        }
        return values.length == 0 ? Double.NaN : (double) present / values.length;
    }

    /** The composite score and the report's order. */
    static final class Composite {

        private Composite() {
        }

        /**
         * The scores with their composite, sorted by it, best first (ties keep the input order).
         * Alphas with an IC on fewer than half as many days as the best-covered alpha get no
         * composite (NaN) and follow the others, so that a handful of days cannot top the table;
         * they are also left out of the z-score statistics. Alphas that could not be evaluated come
         * last.
         */
        static List<AlphaScore> rank(List<AlphaScore> scores, CompositeWeights weights) {
            int mostDays = scores.stream().mapToInt(AlphaScore::days).max().orElse(0);
            boolean[] compared = new boolean[scores.size()];
            for (int i = 0; i < compared.length; i++) {
                AlphaScore s = scores.get(i);
                compared[i] = s.error() == null && s.days() > 0 && 2 * s.days() >= mostDays;
            }
            double[] composite = new double[scores.size()];
            for (String metric : CompositeWeights.METRICS) {
                double w = weights.weight(metric);
                if (w == 0) {
                    continue;
                }
                double[] v = new double[scores.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = compared[i] ? scores.get(i).metric(metric) : Double.NaN;
                }
                double[] z = zScores(v);
                for (int i = 0; i < composite.length; i++) {
                    composite[i] += w * z[i];
                }
            }
            List<AlphaScore> out = new ArrayList<>(scores.size());
            for (int i = 0; i < scores.size(); i++) {
                out.add(scores.get(i).withComposite(compared[i] ? composite[i] : Double.NaN));
            }
            out.sort(Comparator.comparingInt(Composite::group).thenComparing(Comparator.comparingDouble(
                    (AlphaScore s) -> Double.isNaN(s.composite()) ? 0 : s.composite()).reversed()));
            return out;
        }

        /** 0: compared, 1: too few days for a composite, 2: not evaluated. */
        private static int group(AlphaScore s) {
            return s.error() != null ? 2 : Double.isNaN(s.composite()) ? 1 : 0;
        }

        /**
         * (v - mean) / std (ddof 1) over the finite values; 0 for a NaN value, and for every value
         * when fewer than two are finite or they are all equal.
         */
        static double[] zScores(double[] v) {
            DailySeries stats = DailySeries.of(v);
            double[] z = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                z[i] = Double.isFinite(v[i]) && stats.std() > 0 ? (v[i] - stats.mean()) / stats.std() : 0;
            }
            return z;
        }
    }
}
