package io.quarry.jobs.backtest;

import io.quarry.backtest.BacktestResult;
import io.quarry.backtest.BacktestRun;
import io.quarry.backtest.Backtester;
import io.quarry.backtest.ReportWriter;
import io.quarry.dsl.check.CheckedAlpha;
import io.quarry.dsl.check.Checker;
import io.quarry.dsl.eval.BatchEvaluator;
import io.quarry.dsl.eval.EvaluatedAlpha;
import io.quarry.dsl.eval.Evaluation;
import io.quarry.dsl.panel.Panel;
import io.quarry.dsl.parse.Limits;
import io.quarry.dsl.parse.Source;
import io.quarry.evaluator.PlainKernels;
import io.quarry.evaluator.weighting.WeightingModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/** Backtests one {@code .alpha} file and writes its report: the work of one task of a backtest job. */
public final class FileBacktest {

    private final Panel panel;
    private final BacktestOptions options;
    private final Backtester backtester;
    private final int threads;

    /**
     * @param threads evaluation and backtest threads (1 for a subtask that has one slot)
     */
    public FileBacktest(Panel panel, BacktestOptions options, int threads) {
        this.panel = panel;
        this.options = options;
        this.threads = threads;
        Backtester plain = new Backtester(new PlainKernels(), threads);
        this.backtester = options.modelText() == null ? plain
                : plain.withWeighting(WeightingModel.parse(options.modelText(), "the weighting model"));
    }

    /**
     * @throws IllegalArgumentException when no alpha of the file could be evaluated, or the
     *                                  combination cannot be built from its alphas
     */
    public FileReport run(BacktestTask task) throws IOException {
        List<CheckedAlpha> alphas = new Checker(Limits.DEFAULT, panel.fieldNames())
                .check(new Source(task.file(), task.text())).alphas();
        if (alphas.isEmpty()) {
            throw new IllegalArgumentException(task.file() + ": no alpha definitions to backtest");
        }
        Evaluation evaluation = new BatchEvaluator(threads).evaluate(panel, alphas);
        List<EvaluatedAlpha> failed = evaluation.failures();
        if (failed.size() == alphas.size()) {
            throw new IllegalArgumentException(task.file() + ": no alpha could be evaluated");
        }
        BacktestRun run;
        try {
            run = backtester.runAll(panel, evaluation, options.fromRow(), options.toRow(), options.spec(),
                    options.combination(), options.select());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(task.file() + ": " + e.getMessage(), e);
        }
        Path dir = Path.of(task.reportDir());
        new ReportWriter().write(run, dir);
        BacktestResult headline = run.combined().orElseGet(() -> run.alphas().stream()
                .max(Comparator.comparingDouble(r -> Double.isNaN(r.metrics().sharpe()) ? Double.NEGATIVE_INFINITY
                        : r.metrics().sharpe())).orElseThrow());
        return new FileReport(task.index(), task.file(), alphas.size(),
                failed.stream().map(a -> a.name() + ": " + a.error()).collect(Collectors.joining("\n")),
                headline.name(), headline.metrics().sharpe(), headline.metrics().annualReturn(),
                headline.metrics().maxDrawdown(), headline.metrics().rankIc(),
                dir.resolve(ReportWriter.INDEX).toString());
    }
}
