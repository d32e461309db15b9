package io.quarry.backtest;

import io.quarry.evaluator.AlphaPool;
import io.quarry.evaluator.Label;
import io.quarry.evaluator.ScoringKernels;
import io.quarry.evaluator.weighting.WeightingModel;
import io.quarry.evaluator.weighting.WeightingRun;
import io.quarry.evaluator.weighting.WeightingSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Combines the signals of a run into one, from information available on each signal day only.
 *
 * <p>Each signal is z-scored per signal day across the symbols where it is present (ddof 1; a
 * signal with fewer than two values or constant on a day is absent that day). {@code equal} and
 * {@code ic} take the weighted mean of the present z-scores, {@code sum w_a z_a / sum |w_a|};
 * {@code pool} takes the pool's own linear form {@code sum w_a z_a} over the present members.
 */
final class Combiner {

    /** Rows before the range needed to fit the pool there rather than on the range's first half. */
    static final int MIN_POOL_TRAINING_ROWS = 60;

    /**
     * @param signal the combined values (NaN outside its backtest rows)
     * @param market the rows it is backtested on: the run's, or their second half for a pool fitted
     *               on the first
     */
    record Combined(Signal signal, Market market) {
    }

    private Combiner() {
    }

    /**
     * @param dailyIc   per signal, its daily IC on the market's signal days
     * @param weighting the policy of {@code ppo}; null when none was given
     */
    static Combined combine(Combination method, Market market, List<Signal> signals, double[][] dailyIc,
                            ScoringKernels kernels, WeightingModel weighting, BacktestSpec spec) {
        String name = "combined_" + method.label();
        int count = signals.size();
        return switch (method) {
            case EQUAL -> {
                double[] values = weighted(market, signals, (a, d) -> 1, true);
                yield new Combined(new Signal(name, "mean of the per-day z-scores of " + count + " alphas",
                        scatter(market, values)), market);
            }
            case IC -> {
                double[][] w = icWeights(market, dailyIc);
                double[] values = weighted(market, signals, (a, d) -> w[a][d], true);
                yield new Combined(new Signal(name, "per-day z-scores of " + count + " alphas weighted by their "
                        + "expanding mean of past daily ICs", scatter(market, values)), market);
            }
            case POOL -> pool(name, market, signals, kernels, spec);
            case PPO -> ppo(name, market, signals, weighting);
            case NONE -> throw new IllegalArgumentException("no combination requested");
        };
    }

    // ---------------------------------------------------------------------------------------------

    @FunctionalInterface
    private interface DayWeight {
        double of(int signal, int day);
    }

    /**
     * {@code sum_a w z} (over the present z-scores), divided by {@code sum_a |w|} when normalised;
     * NaN where no signal is present or all present weights are 0.
     */
    private static double[] weighted(Market market, List<Signal> signals, DayWeight weight, boolean normalise) {
        int n = market.symbols;
        double[] num = new double[market.days * n];
        double[] den = new double[market.days * n];
        double[] z = new double[n];
        for (int a = 0; a < signals.size(); a++) {
            double[] slice = market.slice(signals.get(a).values());
            for (int d = 0; d < market.days; d++) {
                double w = weight.of(a, d);
                if (w == 0 || !zScores(slice, d * n, n, z)) {
                    continue;
                }
                for (int s = 0; s < n; s++) {
                    if (!Double.isNaN(z[s])) {
                        num[d * n + s] += w * z[s];
                        den[d * n + s] += Math.abs(w);
                    }
                }
            }
        }
        double[] out = new double[num.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = den[i] == 0 ? Double.NaN : normalise ? num[i] / den[i] : num[i];
        }
        return out;
    }

    /**
     * The day's z-scores (NaN where the value is missing).
     *
     * @return false when the day has fewer than two values or they are all equal
     */
    private static boolean zScores(double[] v, int base, int n, double[] z) {
        int count = 0;
        double sum = 0;
        double first = Double.NaN;
        boolean constant = true;
        for (int s = 0; s < n; s++) {
            double x = v[base + s];
            if (!Double.isNaN(x)) {
                first = count == 0 ? x : first;
                constant &= x == first;
                sum += x;
                count++;
            }
        }
        if (count < 2 || constant) {
            return false;
        }
        double mean = sum / count;
        double ss = 0;
        for (int s = 0; s < n; s++) {
            double x = v[base + s];
            if (!Double.isNaN(x)) {
                ss += (x - mean) * (x - mean);
            }
        }
        double sd = Math.sqrt(ss / (count - 1));
        for (int s = 0; s < n; s++) {
            double x = v[base + s];
            z[s] = Double.isNaN(x) ? Double.NaN : (x - mean) / sd;
        }
        return true;
    }

    /**
     * {@code w[a][d]}: the mean of signal a's daily ICs that are known by signal day d. The IC of day
     * d' needs the return it trades into, known at the close of row {@code d' + lag} (close prices) or
     * {@code d' + lag + 1} (open prices: the return ends at that row's open). A signal with no known
     * IC weighs 0; on a day where no signal has one, all weigh 1.
     */
    private static double[][] icWeights(Market market, double[][] dailyIc) {
        int signals = dailyIc.length;
        int known = market.lag + (market.price == PriceMode.OPEN ? 1 : 0);
        double[][] w = new double[signals][market.days];
        double[] sum = new double[signals];
        int[] count = new int[signals];
        for (int d = 0; d < market.days; d++) {
            boolean any = false;
            for (int a = 0; a < signals; a++) {
                int past = d - known;
                if (past >= 0 && Double.isFinite(dailyIc[a][past])) {
                    sum[a] += dailyIc[a][past];
                    count[a]++;
                }
                w[a][d] = count[a] == 0 ? 0 : sum[a] / count[a];
                any |= count[a] > 0;
            }
            if (!any) {
                for (int a = 0; a < signals; a++) {
                    w[a][d] = 1;
                }
            }
        }
        return w;
    }

    /**
     * An {@link AlphaPool} (capacity {@value AlphaPool#DEFAULT_CAPACITY}, no L1, label: next-day
     * close-to-close return) fitted on the rows before the range when there are at least
     * {@value #MIN_POOL_TRAINING_ROWS}, else on the range's first half and then backtested on its
     * second half. Alphas are offered in descending order of their IC as a pool of one on the
     * training rows.
     */
    private static Combined pool(String name, Market market, List<Signal> signals, ScoringKernels kernels,
                                 BacktestSpec spec) {
        List<String> dates = market.panel.timestamps();
        boolean before = market.from >= MIN_POOL_TRAINING_ROWS;
        int trainFrom = before ? 0 : market.from;
        int applyFrom = before ? market.from : market.from + (market.to - market.from) / 2;
        Market applied = before ? market : Market.of(market.panel, applyFrom, market.to, spec);
        AlphaPool pool = AlphaPool.create(kernels, market.panel, new Label.ForwardReturn(1), dates.get(trainFrom),
                dates.get(applyFrom - 1), AlphaPool.DEFAULT_CAPACITY, 0);
        Map<String, Double> alone = new HashMap<>();
        for (Signal signal : signals) {
            AlphaPool.Admission admission = pool.add(signal.name(), signal.values());
            if (admission.accepted() && Double.isFinite(admission.pool().ic())) {
                alone.put(signal.name(), admission.pool().ic());
            }
        }
        List<Signal> offered = new ArrayList<>(signals.stream().filter(s -> alone.containsKey(s.name())).toList());
        offered.sort(Comparator.comparingDouble((Signal s) -> -alone.get(s.name())));
        for (Signal signal : offered) {
            AlphaPool.Admission admission = pool.add(signal.name(), signal.values());
            if (admission.accepted()) {
                pool = admission.pool();
            }
        }
        if (pool.size() == 0) {
            throw new IllegalArgumentException("no alpha could join the pool on " + dates.get(trainFrom) + " .. "
                    + dates.get(applyFrom - 1) + ": none varies across symbols with a known IC there");
        }
        Map<String, Double> weights = pool.weights();
        List<Signal> members = signals.stream().filter(s -> weights.containsKey(s.name())).toList();
        double[] values = weighted(applied, members, (a, d) -> weights.get(members.get(a).name()), false);
        String description = String.format(Locale.ROOT, "AlphaPool of %d alphas (training IC %.4f) fitted on %s .. %s: %s",
                pool.size(), pool.ic(), dates.get(trainFrom), dates.get(applyFrom - 1), describe(weights));
        return new Combined(new Signal(name, description, scatter(applied, values)), applied);
    }

    /**
     * The combined signal of a trained PPO policy ({@link WeightingRun}: stepped through the panel
     * from its first row, so the weights of a day never depend on a later one), on the range's days.
     * The signals must be exactly the model's alphas (any order; same canonical formulas).
     */
    private static Combined ppo(String name, Market market, List<Signal> signals, WeightingModel model) {
        if (model == null) {
            throw new IllegalArgumentException("the ppo combination needs a trained weighting model (--model FILE)");
        }
        if (model.spec().mode() != WeightingSpec.Mode.CROSS_SECTIONAL) {
            throw new IllegalArgumentException("the model was trained in " + model.spec().mode().label() + " mode on "
                    + model.spec().symbol() + "; the backtest trades cross-sections: train it with --mode cross-sectional");
        }
        List<WeightingModel.Alpha> inUse = signals.stream()
                .map(s -> new WeightingModel.Alpha(s.name(), s.description())).toList();
        int[] index = model.match(inUse, "the weighting model");
        List<double[]> values = new ArrayList<>();
        for (int i : index) {
            values.add(signals.get(i).values());
        }
        WeightingRun run = WeightingRun.over(model, market.panel, values);
        double[] mean = new double[index.length];
        int days = 0;
        for (int d = 0; d < market.days; d++) {
            double[] w = run.weights()[market.signalRow(d)];
            if (w != null) {
                days++;
                for (int a = 0; a < w.length; a++) {
                    mean[a] += w[a];
                }
            }
        }
        Map<String, Double> weights = new java.util.LinkedHashMap<>();
        for (int a = 0; a < index.length; a++) {
            weights.put(model.names().get(a), days == 0 ? Double.NaN : mean[a] / days);
        }
        String description = String.format(Locale.ROOT, "PPO policy weights of %d alphas, moved day by day (trained on "
                + "%s .. %s, seed %d); mean weights over the range: %s", index.length, model.provenance().trainFrom(),
                model.provenance().trainTo(), model.plan().seed(), describe(weights));
        int rows = market.panel.rows();
        double[] onRange = new double[run.combined().length];
        Arrays.fill(onRange, Double.NaN);
        for (int s = 0; s < market.symbols; s++) {
            for (int d = 0; d < market.days; d++) {
                int cell = s * rows + market.signalRow(d);
                onRange[cell] = run.combined()[cell];
            }
        }
        return new Combined(new Signal(name, description, onRange), market);
    }

    private static String describe(Map<String, Double> weights) {
        List<String> parts = new ArrayList<>();
        weights.forEach((alpha, w) -> parts.add(String.format(Locale.ROOT, "%s %.3f", alpha, w)));
        return String.join(", ", parts);
    }

    /** Time-major values of the market's signal days into a symbol-major panel array (NaN elsewhere). */
    private static double[] scatter(Market market, double[] timeMajor) {
        int rows = market.panel.rows();
        int n = market.symbols;
        double[] out = new double[rows * n];
        Arrays.fill(out, Double.NaN);
        for (int s = 0; s < n; s++) {
            for (int d = 0; d < market.days; d++) {
                out[s * rows + market.signalRow(d)] = timeMajor[d * n + s];
            }
        }
        return out;
    }
}
