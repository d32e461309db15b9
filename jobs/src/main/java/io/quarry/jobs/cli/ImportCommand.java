package io.quarry.jobs.cli;

import io.quarry.connectors.BarsWriter;
import io.quarry.dsl.panel.Panel;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code quarry import}: convert bars, typically CSV(.gz) to Arrow IPC for faster loading. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Convert bars between CSV, CSV.gz and Arrow IPC (by the output's extension).")
final class ImportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output: .arrow, .csv or .csv.gz.")
    Path out;

    @Override
    public Integer call() throws Exception {
        Timer timer = new Timer(data.timing, spec.commandLine().getErr());
        Panel panel = data.load(timer);
        BarsWriter.write(out, panel);
        timer.lap("write " + out.getFileName());
        spec.commandLine().getOut().printf("wrote %d rows x %d symbols to %s%n", panel.rows(), panel.symbolCount(), out);
        return ExitCode.OK;
    }
}
