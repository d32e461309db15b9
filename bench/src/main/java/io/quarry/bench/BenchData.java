package io.quarry.bench;

import io.quarry.connectors.BarsReader;
import io.quarry.connectors.GroupsReader;
import io.quarry.dsl.check.CheckedAlpha;
import io.quarry.dsl.check.Checker;
import io.quarry.dsl.panel.Panel;
import io.quarry.dsl.parse.Source;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The inputs of the benchmarks: the shared S&P 500 panel and the WQ101 file. Paths come from the
 * system properties {@code quarry.shared} (default {@code ../shared/data}) and {@code quarry.home}
 * (default {@code .}), relative to where the benchmark runs (the repository root).
 */
final class BenchData {

    private BenchData() {
    }

    static Path shared() {
        return Path.of(System.getProperty("quarry.shared", "../shared/data"));
    }

    static Panel sharedPanel() throws IOException {
        return BarsReader.read(shared().resolve("sp500_2013_2016.csv.gz"),
                GroupsReader.read(shared().resolve("sp500_sectors.csv")));
    }

    static List<CheckedAlpha> wq101(Panel panel) throws IOException {
        Path file = Path.of(System.getProperty("quarry.home", ".")).resolve("alphas/wq101.alpha");
        List<CheckedAlpha> all = new Checker(io.quarry.dsl.parse.Limits.DEFAULT, panel.fieldNames())
                .check(new Source(file.toString(), Files.readString(file))).orThrow();
        // #56 needs 'cap', which the data lacks: the evaluable 100.
        return all.stream().filter(a -> !a.fields().contains("cap")).toList();
    }
}
