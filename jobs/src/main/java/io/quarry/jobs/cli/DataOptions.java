package io.quarry.jobs.cli;

import io.quarry.connectors.BarsReader;
import io.quarry.connectors.GroupsReader;
import io.quarry.dsl.panel.Groups;
import io.quarry.dsl.panel.Panel;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.Option;

/** The market data options every data-reading command shares. */
final class DataOptions {

    @Option(names = "--data", required = true, paramLabel = "FILE",
            description = "Bars in long format: CSV, CSV.gz or Arrow IPC (date|time,symbol,open,high,low,close,volume[,...]).")
    Path data;

    @Option(names = "--groups", paramLabel = "FILE",
            description = "symbol,sector[,industry,subindustry] CSV for indneutralize.")
    Path groups;

    @Option(names = "--from", paramLabel = "DATE", description = "First date of the output (history before it still feeds the windows).")
    String from;

    @Option(names = "--to", paramLabel = "DATE", description = "Last date of the output, inclusive.")
    String to;

    @Option(names = "--timing", description = "Print load, evaluate and write times to stderr.")
    boolean timing;

    /** Loads the panel (with its groups) and checks the date bounds. */
    Panel load(Timer timer) throws IOException {
        validateBound("--from", from);
        validateBound("--to", to);
        Groups table = groups == null ? Groups.none() : GroupsReader.read(groups);
        Panel panel = BarsReader.read(data, table);
        timer.lap("load " + data.getFileName() + " (" + panel.rows() + " rows x " + panel.symbolCount() + " symbols)");
        return panel;
    }

    RowRange range(Panel panel) {
        return RowRange.of(panel.timestamps(), from, to);
    }

    /** Refuses a date bound that is not an ISO-8601 date or date-time (exit status 2), naming the option. */
    static void validateBound(String option, String value) {
        if (value == null) {
            return;
        }
        try {
            if (value.length() <= 10) {
                LocalDate.parse(value);
            } else {
                LocalDateTime.parse(value);
            }
        } catch (DateTimeParseException e) {
            throw CliFailure.badInput(option + " '" + value + "' is not an ISO-8601 date (yyyy-MM-dd) or date-time");
        }
    }
}
