package io.quarry.jobs.cli;

import io.quarry.connectors.AlphaValuesWriter;
import io.quarry.dsl.check.CheckedFile;
import io.quarry.dsl.eval.BatchEvaluator;
import io.quarry.dsl.eval.EvaluatedAlpha;
import io.quarry.dsl.eval.Evaluation;
import io.quarry.dsl.panel.Panel;
import io.quarry.evaluator.JsonText;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code quarry eval}: every alpha of a file over a market, written in long format. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate the alphas of a .alpha file over a market and write their values.")
final class EvalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Option(names = "--alphas", required = true, paramLabel = "FILE", description = "The .alpha file.")
    Path alphas;

    @Option(names = "--out", required = true, paramLabel = "FILE",
            description = "Output: .csv, .csv.gz (10 significant digits) or .arrow (exact).")
    Path out;

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|json",
            description = "Summary format on stdout: ${COMPLETION-CANDIDATES}.")
    OutputFormat format;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Timer timer = new Timer(data.timing, err);
        Panel panel = data.load(timer);
        RowRange range = data.range(panel);
        CheckedFile file = AlphaFiles.load(alphas, panel.fieldNames(), err);
        timer.lap("parse and check " + file.definitions().size() + " definitions");
        Evaluation evaluation = new BatchEvaluator().evaluate(panel, file.definitions());
        timer.lap("evaluate");
        evaluation.warnings().forEach(w -> err.println("warning: " + w));
        List<EvaluatedAlpha> failed = evaluation.failures();
        failed.forEach(a -> err.println(alphas + ": " + a.name() + ": " + a.error()));
        List<EvaluatedAlpha> ok = evaluation.alphas().stream().filter(EvaluatedAlpha::ok).toList();
        if (ok.isEmpty()) {
            throw new CliFailure(ExitCode.FAILED, "no alpha could be evaluated; nothing written");
        }
        AlphaValuesWriter.write(out, panel, ok.stream().map(EvaluatedAlpha::name).toList(),
                ok.stream().map(EvaluatedAlpha::values).toList(), range.from(), range.to());
        timer.lap("write " + out.getFileName());
        report(spec.commandLine().getOut(), panel, range, evaluation, ok.size());
        return failed.isEmpty() ? ExitCode.OK : ExitCode.FAILED;
    }

    private void report(PrintWriter stdout, Panel panel, RowRange range, Evaluation evaluation, int written) {
        String first = panel.timestamps().get(range.from());
        String last = panel.timestamps().get(range.to() - 1);
        if (format == OutputFormat.json) {
            String failures = evaluation.failures().stream()
                    .map(a -> "{\"name\":" + JsonText.quote(a.name()) + ",\"error\":" + JsonText.quote(a.error()) + "}")
                    .collect(Collectors.joining(","));
            stdout.println("{\"alphas\":" + evaluation.alphas().size() + ",\"evaluated\":" + written
                    + ",\"failed\":[" + failures + "],\"rows\":" + range.size() + ",\"symbols\":" + panel.symbolCount()
                    + ",\"from\":" + JsonText.quote(first) + ",\"to\":" + JsonText.quote(last)
                    + ",\"out\":" + JsonText.quote(out.toString()) + "}");
        } else {
            stdout.printf("evaluated %d of %d alphas over %d rows x %d symbols; wrote %s .. %s to %s%n",
                    written, evaluation.alphas().size(), panel.rows(), panel.symbolCount(), first, last, out);
        }
    }
}
