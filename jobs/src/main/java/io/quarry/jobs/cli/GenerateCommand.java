package io.quarry.jobs.cli;

import io.quarry.connectors.BarsWriter;
import io.quarry.connectors.GroupsWriter;
import io.quarry.dsl.panel.Panel;
import io.quarry.dsl.synth.MarketGenerator;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code quarry generate}: a synthetic market of any size, optionally carrying a planted alpha. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Generate a synthetic market: random walks with market and sector factors, fat tails,",
                "persistent volume, late listings and halts. With --plant, next-day returns carry the",
                "formula's signal at about the given rank IC."})
final class GenerateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--symbols", required = true, paramLabel = "N", description = "Number of symbols.")
    int symbols;

    @Option(names = "--days", required = true, paramLabel = "T", description = "Number of business days.")
    int days;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Random seed; default ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--start", paramLabel = "DATE", description = "First business day; default 2020-01-01.")
    String start;

    @Option(names = "--plant", paramLabel = "FORMULA", description = "A formula whose rank predicts next-day returns.")
    String plant;

    @Option(names = "--ic", defaultValue = "0.05", paramLabel = "X",
            description = "Rank IC of the planted formula, in (-1, 1); default ${DEFAULT-VALUE}.")
    double ic;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Bars: .csv, .csv.gz or .arrow.")
    Path out;

    @Option(names = "--sectors-out", paramLabel = "FILE", description = "Also write the symbols' sectors (CSV) here.")
    Path sectorsOut;

    @Override
    public Integer call() throws Exception {
        LocalDate first;
        try {
            first = start == null ? MarketGenerator.Spec.DEFAULT_START : LocalDate.parse(start);
        } catch (DateTimeParseException e) {
            throw CliFailure.badInput("--start '" + start + "' is not an ISO date (yyyy-MM-dd)");
        }
        if (plant == null && spec.commandLine().getParseResult().hasMatchedOption("--ic")) {
            throw CliFailure.badInput("--ic needs --plant FORMULA");
        }
        Panel panel = MarketGenerator.generate(new MarketGenerator.Spec(symbols, days, seed, first,
                Optional.ofNullable(plant), plant == null ? 0 : ic));
        BarsWriter.write(out, panel);
        if (sectorsOut != null) {
            GroupsWriter.write(sectorsOut, panel.groups(), panel.symbols());
        }
        spec.commandLine().getOut().printf("generated %d days x %d symbols (%s .. %s)%s to %s%n", panel.rows(),
                panel.symbolCount(), panel.timestamps().get(0), panel.timestamps().get(panel.rows() - 1),
                plant == null ? "" : " carrying " + plant + " at rank IC " + ic, out);
        return ExitCode.OK;
    }
}
