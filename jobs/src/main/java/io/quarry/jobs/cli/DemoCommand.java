package io.quarry.jobs.cli;

import io.quarry.connectors.AlphaValuesWriter;
import io.quarry.connectors.BarsReader;
import io.quarry.connectors.GroupsReader;
import io.quarry.dsl.check.CheckedFile;
import io.quarry.dsl.eval.BatchEvaluator;
import io.quarry.dsl.eval.EvaluatedAlpha;
import io.quarry.dsl.eval.Evaluation;
import io.quarry.dsl.panel.Panel;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code quarry demo}: runs the main job on the bundled sample, needing nothing installed. For now it
 * evaluates the WQ101 alphas over the sample market and prints a summary.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Evaluate the WQ101 alphas over the bundled sample market and print a summary.")
final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--home", paramLabel = "DIR", description = "Quarry's folder (holding data/sample and alphas/); default: ${DEFAULT-VALUE}.",
            defaultValue = "${sys:quarry.home:-.}")
    Path home;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "out/demo", description = "Where results go; default: ${DEFAULT-VALUE}.")
    Path out;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path sample = home.resolve("data/sample");
        Path alphas = home.resolve("alphas/wq101.alpha");
        if (!Files.isDirectory(sample) || !Files.exists(alphas)) {
            throw CliFailure.badInput("the bundled sample is not under " + home.toAbsolutePath()
                    + " (expected data/sample/ and alphas/wq101.alpha); pass --home");
        }
        long start = System.nanoTime();
        Panel panel = BarsReader.read(sample.resolve("bars.csv.gz"), GroupsReader.read(sample.resolve("sectors.csv")));
        long loaded = System.nanoTime();
        CheckedFile file = AlphaFiles.load(alphas, panel.fieldNames(), err);
        Evaluation evaluation = new BatchEvaluator().evaluate(panel, file.definitions());
        long evaluated = System.nanoTime();
        List<EvaluatedAlpha> ok = evaluation.alphas().stream().filter(EvaluatedAlpha::ok).toList();
        Files.createDirectories(out);
        Path values = out.resolve("wq101_sample.csv.gz");
        AlphaValuesWriter.write(values, panel, ok.stream().map(EvaluatedAlpha::name).toList(),
                ok.stream().map(EvaluatedAlpha::values).toList(), 0, panel.rows());
        long written = System.nanoTime();

        stdout.printf("Quarry demo: %d WQ101 alphas over the bundled sample (%d symbols, %s .. %s)%n",
                evaluation.alphas().size(), panel.symbolCount(), panel.timestamps().get(0),
                panel.timestamps().get(panel.rows() - 1));
        stdout.printf("  load %.2f s, evaluate %.2f s, write %.2f s%n",
                (loaded - start) / 1e9, (evaluated - loaded) / 1e9, (written - evaluated) / 1e9);
        evaluation.warnings().forEach(w -> stdout.println("  note: " + w));
        evaluation.failures().forEach(a -> stdout.println("  not evaluated: " + a.name() + ": " + a.error()));
        stdout.println();
        printLastDay(stdout, panel, ok.subList(0, Math.min(8, ok.size())));
        stdout.printf("%nvalues of %d alphas for every day and symbol: %s%n", ok.size(), values);
        return ExitCode.OK;
    }

    /** For a few alphas, the symbols they favour most and least on the last day. */
    private static void printLastDay(PrintWriter out, Panel panel, List<EvaluatedAlpha> alphas) {
        int t = panel.rows() - 1;
        out.printf("Last day %s: highest and lowest ranked symbols%n", panel.timestamps().get(t));
        out.printf("  %-10s %9s  %-24s %-24s%n", "alpha", "coverage", "top 3", "bottom 3");
        for (EvaluatedAlpha a : alphas) {
            List<Integer> present = new ArrayList<>();
            for (int s = 0; s < panel.symbolCount(); s++) {
                if (!Double.isNaN(a.values()[s * panel.rows() + t])) {
                    present.add(s);
                }
            }
            present.sort(Comparator.comparingDouble(s -> -a.values()[s * panel.rows() + t]));
            out.printf("  %-10s %8.0f%%  %-24s %-24s%n", a.name(), 100.0 * present.size() / panel.symbolCount(),
                    symbols(panel, present.subList(0, Math.min(3, present.size()))),
                    symbols(panel, present.subList(Math.max(0, present.size() - 3), present.size())));
        }
    }

    private static String symbols(Panel panel, List<Integer> indices) {
        return String.join(" ", indices.stream().map(panel.symbols()::get).toList());
    }
}
