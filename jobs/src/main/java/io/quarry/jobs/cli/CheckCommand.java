package io.quarry.jobs.cli;

import io.quarry.dsl.check.CheckedAlpha;
import io.quarry.dsl.check.CheckedFile;
import io.quarry.dsl.parse.Diagnostic;
import io.quarry.evaluator.JsonText;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code quarry check}: parse and check a file, show each formula's canonical form, unit and warnings. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Check a .alpha file: canonical forms, units, warnings; every error located.")
final class CheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The .alpha file.")
    Path file;

    @Option(names = "--fields", split = ",", paramLabel = "NAME",
            description = "Extra data fields the formulas may read (beyond open high low close volume vwap returns cap adv{d}).")
    Set<String> fields = Set.of();

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|json",
            description = "Output format: ${COMPLETION-CANDIDATES}.")
    OutputFormat format;

    @Override
    public Integer call() throws Exception {
        CheckedFile checked = AlphaFiles.check(file, fields);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (format == OutputFormat.json) {
            out.println(json(checked));
        } else {
            for (CheckedAlpha a : checked.definitions()) {
                out.printf("%-5s %-16s %-7s %s  %s%n", a.kind().keyword(), a.name(),
                        a.unit().name().toLowerCase(java.util.Locale.ROOT), a.hash(), a.canonicalText());
            }
            checked.diagnostics().stream().map(Diagnostic::format).forEach(err::println);
            out.printf("%d definitions: %d ok, %d errors, %d warnings%n",
                    checked.definitions().size() + (int) checked.errors().stream().map(d -> d.position().line()).distinct().count(),
                    checked.definitions().size(), checked.errors().size(), checked.warnings().size());
        }
        return checked.hasErrors() ? ExitCode.BAD_INPUT : ExitCode.OK;
    }

    private static String json(CheckedFile checked) {
        String defs = checked.definitions().stream().map(a -> "{\"kind\":" + JsonText.quote(a.kind().keyword())
                + ",\"name\":" + JsonText.quote(a.name()) + ",\"canonical\":" + JsonText.quote(a.canonicalText())
                + ",\"hash\":" + JsonText.quote(a.hash()) + ",\"unit\":" + JsonText.quote(a.unit().name().toLowerCase(java.util.Locale.ROOT))
                + ",\"lookback\":" + a.lookback() + ",\"depth\":" + a.depth() + ",\"size\":" + a.size() + "}")
                .collect(Collectors.joining(","));
        String diags = checked.diagnostics().stream().map(d -> "{\"severity\":" + JsonText.quote(d.severity().name().toLowerCase(java.util.Locale.ROOT))
                + ",\"line\":" + d.position().line() + ",\"column\":" + d.position().column()
                + ",\"message\":" + JsonText.quote(d.message()) + "}")
                .collect(Collectors.joining(","));
        return "{\"file\":" + JsonText.quote(checked.fileName()) + ",\"definitions\":[" + defs + "],\"diagnostics\":[" + diags + "]}";
    }
}
