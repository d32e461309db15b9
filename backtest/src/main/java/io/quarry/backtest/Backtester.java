package io.quarry.backtest;

import io.quarry.dsl.eval.EvaluatedAlpha;
import io.quarry.dsl.eval.Evaluation;
import io.quarry.dsl.panel.Panel;
import io.quarry.evaluator.PlainKernels;
import io.quarry.evaluator.ScoringKernels;
import io.quarry.evaluator.weighting.WeightingModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

/**
 * Backtests signals over a range of a panel: the portfolio of a {@link Strategy} with costs, the
 * summary {@link Metrics}, and the signal's IC analysis. The definitions are in docs/BACKTEST.md.
 *
 * <p>No look-ahead: the signal of row t sets the weights that earn from row {@code t + lag} on, and
 * every price, return and IC a result holds lies inside the range. Stateless and thread-safe; the
 * work of a run is split over {@code threads} threads by signal.
 */
public final class Backtester {

    /** Horizons of the IC decay: 1..20 days. */
    public static final int DECAY_HORIZONS = 20;
    /** Signals whose IC series are computed together (bounds the memory of time-major slices). */
    private static final int BATCH = 16;

    private final ScoringKernels kernels;
    private final int threads;
    /** The policy of {@link Combination#PPO}; null when none was given. */
    private final WeightingModel weighting;

    /**
     * @param kernels computes the daily ICs (the plain Java reference or the DJL binding; its owner
     *                closes it)
     * @param threads signals backtested at once, at least 1
     */
    public Backtester(ScoringKernels kernels, int threads) {
        this.kernels = Objects.requireNonNull(kernels, "kernels");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.threads = threads;
        this.weighting = null;
    }

    private Backtester(ScoringKernels kernels, int threads, WeightingModel weighting) {
        this.kernels = kernels;
        this.threads = threads;
        this.weighting = weighting;
    }

    /** This backtester with the trained weighting policy that {@link Combination#PPO} uses. */
    public Backtester withWeighting(WeightingModel model) {
        return new Backtester(kernels, threads, Objects.requireNonNull(model, "model"));
    }

    /** A backtester on {@link PlainKernels} using every core. */
    public static Backtester plain() {
        return new Backtester(new PlainKernels(), Runtime.getRuntime().availableProcessors());
    }

    /**
     * Backtests one signal over the rows {@code [from, to)}, with its IC decay.
     *
     * @throws IllegalArgumentException for rows outside the panel, a range too short for two return
     *                                  days, or values that do not cover the panel
     */
    public BacktestResult run(Panel panel, Signal signal, int from, int to, BacktestSpec spec) {
        Market market = Market.of(panel, from, to, spec);
        double[][] slices = {market.slice(signal.values())};
        BacktestResult result = backtest(market, signal, slices[0], spec);
        return withDecay(result, market, slices[0], spec);
    }

    /**
     * Backtests the evaluated alphas of an evaluation (the failed ones are listed in the run), their
     * combination, and charts the best {@code select} by Sharpe.
     */
    public BacktestRun runAll(Panel panel, Evaluation evaluation, int from, int to, BacktestSpec spec,
                              Combination combination, int select) {
        List<Signal> signals = new ArrayList<>();
        Map<String, String> failed = new LinkedHashMap<>();
        for (EvaluatedAlpha alpha : evaluation.alphas()) {
            if (alpha.ok()) {
                signals.add(Signal.of(alpha));
            } else {
                failed.put(alpha.name(), alpha.error());
            }
        }
        return runAll(panel, signals, failed, from, to, spec, combination, select);
    }

    /**
     * Backtests every signal over the rows {@code [from, to)} and their combination; the {@code select}
     * best by Sharpe and the combination get their IC decay and are the run's selection.
     *
     * @throws IllegalArgumentException for no signals, two with one name, a name taken by the
     *                                  combination, or a range the backtest cannot use
     */
    public BacktestRun runAll(Panel panel, List<Signal> signals, int from, int to, BacktestSpec spec,
                              Combination combination, int select) {
        return runAll(panel, signals, Map.of(), from, to, spec, combination, select);
    }

    private BacktestRun runAll(Panel panel, List<Signal> signals, Map<String, String> failed, int from, int to,
                               BacktestSpec spec, Combination combination, int select) {
        if (signals.isEmpty()) {
            throw new IllegalArgumentException("no signals to backtest");
        }
        if (select < 0) {
            throw new IllegalArgumentException("select must be >= 0, got " + select);
        }
        Set<String> names = new HashSet<>();
        for (Signal signal : signals) {
            if (!names.add(signal.name())) {
                throw new IllegalArgumentException("two signals are named '" + signal.name() + "'");
            }
        }
        if (combination != Combination.NONE && names.contains("combined_" + combination.label())) {
            throw new IllegalArgumentException("the name 'combined_" + combination.label()
                    + "' is taken by a signal; it names the combination");
        }
        Market market = Market.of(panel, from, to, spec);
        double[][] dailyIc = new double[signals.size()][];
        BacktestResult[] results = backtestEach(market, signals, spec, dailyIc);
        int[] best = IntStream.range(0, results.length).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> sortKey(results[i].metrics().sharpe())))
                .limit(select).mapToInt(Integer::intValue).toArray();
        List<double[]> decaySlices = new ArrayList<>();
        for (int i : best) {
            decaySlices.add(market.slice(signals.get(i).values()));
        }
        BacktestResult combined = null;
        if (combination != Combination.NONE) {
            Combiner.Combined c = Combiner.combine(combination, market, signals, dailyIc, kernels, weighting, spec);
            double[] slice = c.market().slice(c.signal().values());
            combined = backtest(c.market(), c.signal(), slice, spec);
            if (c.market() == market) {
                // One decay pass for the charted alphas and the combination: the forward returns are shared.
                decaySlices.add(slice);
            } else {
                combined = withDecay(combined, c.market(), slice, spec);
            }
        }
        double[][] decay = IcAnalysis.decay(kernels, market, decaySlices.toArray(double[][]::new), DECAY_HORIZONS,
                spec.minPairs());
        List<String> selected = new ArrayList<>();
        for (int k = 0; k < best.length; k++) {
            results[best[k]] = results[best[k]].withIcDecay(boxed(decay[k]));
            selected.add(results[best[k]].name());
        }
        if (combined != null) {
            if (combined.icDecay().isEmpty()) {
                combined = combined.withIcDecay(boxed(decay[best.length]));
            }
            selected.add(combined.name());
        }
        List<String> dates = panel.timestamps();
        return new BacktestRun(spec, dates.get(from), dates.get(to - 1), panel.symbolCount(), List.of(results),
                combination, Optional.ofNullable(combined), selected, failed);
    }

    // ---------------------------------------------------------------------------------------------

    /**
     * Every signal's backtest, {@value #BATCH} at a time: their slices, daily ICs (one kernel call for
     * the batch) and portfolios, split over the threads.
     *
     * @param dailyIc receives each signal's daily IC
     */
    private BacktestResult[] backtestEach(Market market, List<Signal> signals, BacktestSpec spec, double[][] dailyIc) {
        BacktestResult[] results = new BacktestResult[signals.size()];
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            for (int start = 0; start < signals.size(); start += BATCH) {
                int first = start;
                int end = Math.min(signals.size(), start + BATCH);
                double[][] slices = new double[end - start][];
                parallel(executor, end - start, i -> slices[i] = market.slice(signals.get(first + i).values()));
                double[][] ic = IcAnalysis.daily(kernels, market, slices, false, spec.minPairs());
                double[][] rankIc = IcAnalysis.daily(kernels, market, slices, true, spec.minPairs());
                parallel(executor, end - start, i -> {
                    results[first + i] = backtest(market, signals.get(first + i), slices[i], ic[i], rankIc[i], spec);
                    dailyIc[first + i] = ic[i];
                });
            }
        } finally {
            executor.shutdown();
        }
        return results;
    }

    private BacktestResult backtest(Market market, Signal signal, double[] slice, BacktestSpec spec) {
        double[][] slices = {slice};
        double[] ic = IcAnalysis.daily(kernels, market, slices, false, spec.minPairs())[0];
        double[] rankIc = IcAnalysis.daily(kernels, market, slices, true, spec.minPairs())[0];
        return backtest(market, signal, slice, ic, rankIc, spec);
    }

    private static BacktestResult backtest(Market market, Signal signal, double[] slice, double[] ic,
                                           double[] rankIc, BacktestSpec spec) {
        Simulation.Outcome outcome = Simulation.run(market, slice, spec);
        List<String> returnDates = new ArrayList<>(market.days);
        List<String> signalDates = new ArrayList<>(market.days);
        for (int d = 0; d < market.days; d++) {
            returnDates.add(market.returnDate(d));
            signalDates.add(market.signalDate(d));
        }
        List<String> curveDates = new ArrayList<>(market.days + 1);
        curveDates.add(market.startDate());
        curveDates.addAll(returnDates);
        Metrics metrics = Metrics.of(outcome.gross(), outcome.cost(), outcome.net(), outcome.turnover(), market.market,
                curveDates, ic, rankIc);
        BacktestResult.Daily daily = new BacktestResult.Daily(market.startDate(), returnDates, boxed(outcome.gross()),
                boxed(outcome.cost()), boxed(outcome.net()), boxed(outcome.turnover()), boxed(market.market));
        return new BacktestResult(signal.name(), signal.description(), daily, metrics,
                new BacktestResult.Ic(signalDates, boxed(ic), boxed(rankIc)), IcAnalysis.monthly(market, ic, rankIc),
                boxed(outcome.quantileReturns()), List.of());
    }

    private BacktestResult withDecay(BacktestResult result, Market market, double[] slice, BacktestSpec spec) {
        double[][] decay = IcAnalysis.decay(kernels, market, new double[][] {slice}, DECAY_HORIZONS, spec.minPairs());
        return result.withIcDecay(boxed(decay[0]));
    }

    /** Sharpe descending, NaN last. */
    private static double sortKey(double sharpe) {
        return Double.isNaN(sharpe) ? Double.POSITIVE_INFINITY : -sharpe;
    }

    private static List<Double> boxed(double[] values) {
        return Arrays.stream(values).boxed().toList();
    }

    @FunctionalInterface
    private interface Task {
        void run(int index);
    }

    /** Runs {@code task(0..count-1)} on the executor and waits; a task's exception is rethrown. */
    private static void parallel(ExecutorService executor, int count, Task task) {
        List<Callable<Void>> calls = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int index = i;
            calls.add(() -> {
                task.run(index);
                return null;
            });
        }
        try {
            for (Future<Void> future : executor.invokeAll(calls)) {
                future.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while backtesting", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }
}
