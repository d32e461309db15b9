package io.quarry.jobs.cli;

import io.quarry.backtest.BacktestResult;
import io.quarry.backtest.BacktestRun;
import io.quarry.backtest.BacktestSpec;
import io.quarry.backtest.Backtester;
import io.quarry.backtest.Combination;
import io.quarry.backtest.PriceMode;
import io.quarry.backtest.ReportWriter;
import io.quarry.backtest.Strategy;
import io.quarry.dsl.check.CheckedAlpha;
import io.quarry.dsl.check.CheckedFile;
import io.quarry.dsl.eval.BatchEvaluator;
import io.quarry.dsl.eval.EvaluatedAlpha;
import io.quarry.dsl.eval.Evaluation;
import io.quarry.dsl.panel.Panel;
import io.quarry.evaluator.weighting.WeightingModel;
import io.quarry.jobs.backtest.BacktestJob;
import io.quarry.jobs.backtest.BacktestOptions;
import io.quarry.jobs.backtest.BacktestTask;
import io.quarry.jobs.backtest.FileBacktest;
import io.quarry.jobs.backtest.FileReport;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code quarry backtest}: every alpha of a file traded over a market, and the report a person reads. */
@Command(name = "backtest", mixinStandardHelpOptions = true,
        description = {"Backtest the alphas of a .alpha file and their combination, and write a report:",
                "index.html (one self-contained page: summary table, charts), metrics.json, summary.csv and",
                "series/*.csv. The signal of day t trades at t's close (or t+1's open) and earns from then on;",
                "definitions in docs/BACKTEST.md. Exit code 1 when some alphas could not be evaluated (the",
                "others are still backtested)."})
final class BacktestCommand implements Callable<Integer> {

    /** {@code --strategy}. */
    enum StrategyName {
        longshort, topk
    }

    /** {@code --price}. */
    enum Price {
        close, open
    }

    /** {@code --combine}. */
    enum Combine {
        equal, ic, pool, ppo, none
    }

    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Option(names = "--alphas", required = true, paramLabel = "FILE", split = ",", description = {"The .alpha file;",
            "several (repeat the option or separate with commas): one report per file under --out/<file name>/ and",
            "a comparison of the files (files.csv)."})
    List<Path> alphaFiles;

    @Option(names = "--cluster", description = {"Backtest the files as a Flink job, spread over --parallelism slots",
            "(on a Flink cluster in application mode; otherwise a local mini-cluster)."})
    boolean cluster;

    @Option(names = "--parallelism", paramLabel = "P", description = "With --cluster: slots; default 2.")
    Integer parallelism;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Report folder (created if needed).")
    Path out;

    @Option(names = "--strategy", defaultValue = "longshort", paramLabel = "longshort|topk",
            description = "Long-short quantiles (dollar-neutral) or long-only TopkDropout; default ${DEFAULT-VALUE}.")
    StrategyName strategy;

    @Option(names = "--quantiles", defaultValue = "5", paramLabel = "Q",
            description = "Long-short: long the top 1/Q, short the bottom 1/Q; default ${DEFAULT-VALUE}.")
    int quantiles;

    @Option(names = "--topk", defaultValue = "50", paramLabel = "K", description = "TopkDropout: symbols held; default ${DEFAULT-VALUE}.")
    int topk;

    @Option(names = "--ndrop", defaultValue = "5", paramLabel = "N",
            description = "TopkDropout: most holdings replaced a day; default ${DEFAULT-VALUE}.")
    int nDrop;

    @Option(names = "--buy-cost", defaultValue = "0.0005", paramLabel = "RATE",
            description = "Cost per unit of weight bought; default ${DEFAULT-VALUE} (5 bps).")
    double buyCost;

    @Option(names = "--sell-cost", defaultValue = "0.0015", paramLabel = "RATE",
            description = "Cost per unit of weight sold; default ${DEFAULT-VALUE} (15 bps).")
    double sellCost;

    @Option(names = "--price", defaultValue = "close", paramLabel = "close|open",
            description = "Trade at the signal day's close, or the next day's open; default ${DEFAULT-VALUE}.")
    Price price;

    @Option(names = "--combine", defaultValue = "equal", paramLabel = "equal|ic|pool|ppo|none",
            description = "Combined signal: mean of z-scores, weighted by past IC, an AlphaPool fitted before the "
                    + "backtested days, weighted day by day by a trained PPO policy (--model), or none; default "
                    + "${DEFAULT-VALUE}.")
    Combine combine;

    @Option(names = "--model", paramLabel = "FILE",
            description = "With --combine ppo: the model file of `quarry weights train` (trained on these alphas).")
    Path model;

    @Option(names = "--select", defaultValue = "5", paramLabel = "N",
            description = "Chart the N alphas with the best Sharpe (and the combination); default ${DEFAULT-VALUE}.")
    int select;

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|json",
            description = "On stdout: a short summary, or metrics.json; default ${DEFAULT-VALUE}.")
    OutputFormat format;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (parallelism != null && !cluster) {
            throw CliFailure.badInput("--parallelism needs --cluster");
        }
        if (parallelism != null && parallelism < 1) {
            throw CliFailure.badInput("--parallelism must be at least 1, got " + parallelism);
        }
        BacktestSpec backtestSpec = backtestSpec();
        WeightingModel weighting = weightingModel();
        ReportWriter.warmUp();
        Timer timer = new Timer(data.timing, err);
        Panel panel = data.load(timer);
        RowRange range = data.range(panel);
        if (cluster || alphaFiles.size() > 1) {
            return backtestFiles(panel, range, backtestSpec, err, timer);
        }
        Path alphas = alphaFiles.get(0);
        CheckedFile file = AlphaFiles.load(alphas, panel.fieldNames(), err);
        // Only alphas trade: a label may look forward.
        List<CheckedAlpha> definitions = file.alphas();
        if (definitions.isEmpty()) {
            throw CliFailure.badInput(alphas + ": no alpha definitions to backtest");
        }
        timer.lap("parse and check " + definitions.size() + " alphas");
        Evaluation evaluation = new BatchEvaluator().evaluate(panel, definitions);
        timer.lap("evaluate");
        evaluation.warnings().forEach(w -> err.println("warning: " + w));
        List<EvaluatedAlpha> failed = evaluation.failures();
        failed.forEach(a -> err.println(alphas + ": " + a.name() + ": " + a.error()));
        if (failed.size() == definitions.size()) {
            throw new CliFailure(ExitCode.FAILED, "no alpha could be evaluated; nothing backtested");
        }
        BacktestRun run;
        try {
            Backtester backtester = weighting == null ? Backtester.plain() : Backtester.plain().withWeighting(weighting);
            run = backtester.runAll(panel, evaluation, range.from(), range.to(), backtestSpec,
                    Combination.valueOf(combine.name().toUpperCase(Locale.ROOT)), select);
        } catch (IllegalArgumentException e) {
            throw CliFailure.badInput(e.getMessage());
        }
        timer.lap("backtest " + run.all().size() + " signals");
        ReportWriter writer = new ReportWriter();
        writer.write(run, out);
        timer.lap("write report");
        PrintWriter stdout = spec.commandLine().getOut();
        if (format == OutputFormat.json) {
            stdout.print(writer.metricsJson(run));
        } else {
            summary(stdout, run);
        }
        stdout.flush();
        return failed.isEmpty() ? ExitCode.OK : ExitCode.FAILED;
    }

    /**
     * Several files, or a cluster: each file checked here first (a file with errors is reported and
     * skipped, the others still run), then backtested in process or as a {@link BacktestJob}; one
     * report folder per file and files.csv comparing their headline signals.
     */
    private int backtestFiles(Panel panel, RowRange range, BacktestSpec backtestSpec, PrintWriter err, Timer timer)
            throws Exception {
        List<BacktestTask> tasks = new ArrayList<>();
        Set<String> folders = new HashSet<>();
        boolean refused = false;
        for (Path file : alphaFiles) {
            CheckedFile checked = AlphaFiles.check(file, panel.fieldNames());
            checked.diagnostics().forEach(d -> err.println(d.format()));
            if (checked.hasErrors() || checked.alphas().isEmpty()) {
                err.println("error: " + file + ": " + (checked.hasErrors() ? checked.errors().size() + " errors"
                        : "no alpha definitions") + ", not backtested");
                refused = true;
                continue;
            }
            String stem = file.getFileName().toString().replaceFirst("\\.alpha$", "");
            String folder = folders.add(stem) ? stem : stem + "-" + (tasks.size() + 1);
            folders.add(folder);
            tasks.add(new BacktestTask(tasks.size(), file.toString(), Files.readString(file),
                    out.resolve(folder).toAbsolutePath().toString()));
        }
        if (tasks.isEmpty()) {
            throw CliFailure.badInput("no file to backtest");
        }
        BacktestOptions options = new BacktestOptions(data.data.toAbsolutePath().toString(),
                data.groups == null ? null : data.groups.toAbsolutePath().toString(), range.from(), range.to(),
                backtestSpec, Combination.valueOf(combine.name().toUpperCase(Locale.ROOT)),
                model == null ? null : Files.readString(model), select);
        List<FileReport> reports = new ArrayList<>();
        try {
            if (cluster) {
                reports.addAll(BacktestJob.run(options, tasks, parallelism == null ? 2 : parallelism));
            } else {
                FileBacktest backtest = new FileBacktest(panel, options, Runtime.getRuntime().availableProcessors());
                for (BacktestTask task : tasks) {
                    reports.add(backtest.run(task));
                }
            }
        } catch (IllegalArgumentException e) {
            throw CliFailure.badInput(e.getMessage());
        }
        timer.lap("backtest " + tasks.size() + " files" + (cluster ? " on " + (parallelism == null ? 2 : parallelism) + " slots" : ""));
        Files.createDirectories(out);
        StringBuilder csv = new StringBuilder(FileReport.CSV_HEADER).append('\n');
        reports.forEach(r -> csv.append(r.csvLine()).append('\n'));
        Files.writeString(out.resolve("files.csv"), csv.toString());
        PrintWriter stdout = spec.commandLine().getOut();
        if (format == OutputFormat.json) {
            stdout.println(reports.stream().map(FileReport::json).collect(Collectors.joining(",", "[", "]")));
        } else {
            for (FileReport r : reports) {
                stdout.printf(Locale.ROOT, "  %-28s %3d alphas  %-10s Sharpe %6.2f  ann. return %8.2f%%  max DD %8.2f%%"
                                + "  RankIC %7.4f  %s%n", r.file(), r.alphas(), r.signal(), r.sharpe(),
                        100 * r.annualReturn(), 100 * r.maxDrawdown(), r.rankIc(), r.report());
            }
            stdout.printf("wrote %s%n", out.resolve("files.csv"));
        }
        stdout.flush();
        reports.stream().filter(r -> r.failures() > 0)
                .forEach(r -> r.failed().lines().forEach(line -> err.println(r.file() + ": " + line)));
        err.flush();
        if (refused) {
            return ExitCode.BAD_INPUT;
        }
        return reports.stream().anyMatch(r -> r.failures() > 0) ? ExitCode.FAILED : ExitCode.OK;
    }

    /** The model of {@code --combine ppo}, read before any work; null for the other combinations. */
    private WeightingModel weightingModel() throws java.io.IOException {
        if (combine != Combine.ppo) {
            if (model != null) {
                throw CliFailure.badInput("--model is only used with --combine ppo");
            }
            return null;
        }
        if (model == null) {
            throw CliFailure.badInput("--combine ppo needs --model FILE (a model of `quarry weights train`)");
        }
        try {
            return WeightingModel.read(model);
        } catch (IllegalArgumentException e) {
            throw CliFailure.badInput(e.getMessage());
        }
    }

    private BacktestSpec backtestSpec() {
        try {
            Strategy chosen = strategy == StrategyName.longshort ? new Strategy.LongShortQuantiles(quantiles)
                    : new Strategy.TopkDropout(topk, nDrop);
            if (select < 0) {
                throw new IllegalArgumentException("--select must be 0 or more, got " + select);
            }
            return BacktestSpec.defaults().withStrategy(chosen).withCosts(buyCost, sellCost)
                    .withPrice(price == Price.close ? PriceMode.CLOSE : PriceMode.OPEN);
        } catch (IllegalArgumentException e) {
            throw CliFailure.badInput(e.getMessage());
        }
    }

    private void summary(PrintWriter stdout, BacktestRun run) {
        BacktestResult first = run.alphas().get(0);
        stdout.printf("backtested %d alphas over %s .. %s (%d return days, %d symbols), %s%n", run.alphas().size(),
                run.from(), run.to(), first.metrics().days(), run.symbols(), run.spec().strategy().describe());
        for (String name : run.selected()) {
            BacktestResult r = run.result(name).orElseThrow();
            stdout.printf(Locale.ROOT, "  %-24s Sharpe %6.2f  ann. return %8.2f%%  max DD %8.2f%%  RankIC %7.4f%n",
                    name, r.metrics().sharpe(), 100 * r.metrics().annualReturn(), 100 * r.metrics().maxDrawdown(),
                    r.metrics().rankIc());
        }
        stdout.printf("wrote %s (and metrics.json, summary.csv, series/)%n", out.resolve(ReportWriter.INDEX));
    }
}
