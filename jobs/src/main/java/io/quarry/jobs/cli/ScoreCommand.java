package io.quarry.jobs.cli;

import io.quarry.dsl.check.CheckedAlpha;
import io.quarry.dsl.check.CheckedFile;
import io.quarry.dsl.panel.Panel;
import io.quarry.evaluator.AlphaScore;
import io.quarry.evaluator.CompositeWeights;
import io.quarry.evaluator.Label;
import io.quarry.evaluator.PlainKernels;
import io.quarry.evaluator.ScoreReport;
import io.quarry.evaluator.ScoreRequest;
import io.quarry.evaluator.Scorer;
import io.quarry.evaluator.ScoringKernels;
import io.quarry.evaluator.djl.DjlKernels;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code quarry score}: AlphaEval's five dimensions per alpha, diversity and the pool for the set. */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = "Score the alphas of a .alpha file: IC, RankIC, ICIR, stability, robustness, logic, "
                + "composite; diversity and the pool of the set.")
final class ScoreCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Option(names = "--alphas", required = true, paramLabel = "FILE", description = "The .alpha file.")
    Path alphas;

    @Option(names = "--horizon", defaultValue = "1", paramLabel = "H",
            description = "Label: forward H-day close-to-close return; default ${DEFAULT-VALUE}.")
    int horizon;

    @Option(names = "--label", paramLabel = "NAME", description = "Label: a `label` line of the .alpha file instead.")
    String label;

    @Option(names = "--weights", paramLabel = "METRIC=W,...",
            description = "Composite weights, e.g. rank_ic=2,pfs=0.5 (others keep their defaults).")
    String weights;

    @Option(names = "--pool", defaultValue = "20", paramLabel = "K", description = "Pool capacity; default ${DEFAULT-VALUE}.")
    int pool;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Seed of the robustness noise; default ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--kernels", defaultValue = "plain", paramLabel = "plain|djl",
            description = "Where the batched kernels run: plain Java or DJL (GPU when present); default ${DEFAULT-VALUE}.")
    String kernels;

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|json", description = "Output: ${COMPLETION-CANDIDATES}.")
    OutputFormat format;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Timer timer = new Timer(data.timing, err);
        Panel panel = data.load(timer);
        CheckedFile file = AlphaFiles.load(alphas, panel.fieldNames(), err);
        Label target = label == null ? new Label.ForwardReturn(horizon) : Label.named(file, label);
        CompositeWeights composite = weights == null ? CompositeWeights.defaults() : CompositeWeights.parse(weights);
        List<CheckedAlpha> scored = file.alphas();
        ScoreReport report;
        try (ScoringKernels k = kernels()) {
            report = new Scorer(k).score(new ScoreRequest(panel, scored, target, data.from, data.to, seed, composite, pool));
        }
        timer.lap("score " + scored.size() + " alphas");
        PrintWriter out = spec.commandLine().getOut();
        if (format == OutputFormat.json) {
            out.println(report.toJson());
        } else {
            out.print(report.toTable());
        }
        List<AlphaScore> failed = report.alphas().stream().filter(a -> a.error() != null).toList();
        failed.forEach(a -> err.println(alphas + ": " + a.name() + ": " + a.error()));
        return failed.isEmpty() ? ExitCode.OK : ExitCode.FAILED;
    }

    private ScoringKernels kernels() {
        return switch (kernels) {
            case "plain" -> new PlainKernels();
            case "djl" -> new DjlKernels();
            default -> throw CliFailure.badInput("--kernels must be plain or djl, got '" + kernels + "'");
        };
    }
}
