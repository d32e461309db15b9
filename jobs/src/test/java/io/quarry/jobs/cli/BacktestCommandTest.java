package io.quarry.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.dsl.testing.SharedData;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Tests for {@link BacktestCommand} on the bundled sample market (50 symbols, 2015-2016). */
class BacktestCommandTest {

    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {
    }

    /** The command on its own, failures reported as {@link QuarryCli} reports them (message + exit code). */
    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new BacktestCommand());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setExecutionExceptionHandler((e, command, parsed) -> {
            command.getErr().println("error: " + e.getMessage());
            return e instanceof CliFailure f ? f.exitCode() : ExitCode.FAILED;
        });
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private Path alphas() throws IOException {
        Path file = dir.resolve("small.alpha");
        Files.writeString(file, """
                alpha mom20 = rank(delta(close, 20) / delay(close, 20))
                alpha rev5 = -rank(sum(returns, 5))
                alpha volspike = volume > 2 * adv20 ? 1 : 0
                label fwd1 = delay(close, -1) / close - 1
                """);
        return file;
    }

    private static List<String> sample(String... more) {
        Path root = SharedData.repoRoot().resolve("data/sample");
        List<String> args = new ArrayList<>(List.of("--data", root.resolve("bars.csv.gz").toString(),
                "--groups", root.resolve("sectors.csv").toString()));
        args.addAll(List.of(more));
        return args;
    }

    @Test
    void writesTheReportAndPrintsASummary() throws IOException {
        Path out = dir.resolve("report");
        Run r = run(sample("--alphas", alphas().toString(), "--from", "2016-01-01", "--out", out.toString())
                .toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isZero();
        // 2016 has 252 rows: 251 return days; the label is not traded.
        assertThat(r.out()).contains("backtested 3 alphas over 2016-01-04 .. 2016-12-30 (251 return days, 50 symbols)")
                .contains("combined_equal").contains("wrote " + out.resolve("index.html"));
        assertThat(out.resolve("index.html")).isNotEmptyFile();
        assertThat(out.resolve("metrics.json")).isNotEmptyFile();
        List<String> summary = Files.readAllLines(out.resolve("summary.csv"));
        assertThat(summary).hasSize(5);
        assertThat(String.join("\n", summary)).doesNotContain("fwd1");
        assertThat(out.resolve("series/mom20_daily.csv")).isNotEmptyFile();
    }

    @Test
    void jsonFormatPrintsMetricsWithTheChosenSettings() throws IOException {
        Path out = dir.resolve("report");
        Run r = run(sample("--alphas", alphas().toString(), "--from", "2016-01-01", "--out", out.toString(),
                "--format", "json", "--strategy", "topk", "--topk", "10", "--ndrop", "2", "--price", "open",
                "--combine", "ic", "--buy-cost", "0.001", "--sell-cost", "0.002", "--select", "1")
                .toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo(Files.readString(out.resolve("metrics.json")));
        assertThat(r.out()).startsWith("{").contains("\"strategy\": \"topk\"").contains("\"topk\": 10")
                .contains("\"n_drop\": 2").contains("\"price\": \"open\"").contains("\"combination\": \"ic\"")
                .contains("\"buy_cost\": 0.001").contains("\"sell_cost\": 0.002")
                .contains("\"name\": \"combined_ic\"");
        // Trading at the next open: 250 return days in 2016.
        assertThat(r.out()).contains("\"days\": 250");
    }

    @Test
    void badSettingsAreBadUsage() throws IOException {
        Run strategy = run(sample("--alphas", alphas().toString(), "--out", dir.toString(), "--strategy", "best")
                .toArray(String[]::new));
        assertThat(strategy.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(strategy.err()).contains("--strategy");
        Run quantiles = run(sample("--alphas", alphas().toString(), "--out", dir.toString(), "--quantiles", "1")
                .toArray(String[]::new));
        assertThat(quantiles.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(quantiles.err()).contains("quantiles must be at least 2");
        Run range = run(sample("--alphas", alphas().toString(), "--out", dir.toString(), "--from", "2016-12-29")
                .toArray(String[]::new));
        assertThat(range.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(range.err()).contains("needs at least 3");
    }

    @Test
    void severalFilesInProcessAndOnAMiniClusterGiveTheSingleFileReports() throws IOException {
        Path small = alphas();
        Path other = dir.resolve("other.alpha");
        Files.writeString(other, "alpha rev1 = -rank(returns)\nalpha range = rank(high - low)\n");
        Path broken = dir.resolve("broken.alpha");
        Files.writeString(broken, "alpha x = rank(clse)\n");
        Path single = dir.resolve("single");
        assertThat(run(sample("--alphas", small.toString(), "--from", "2016-01-01", "--out", single.toString())
                .toArray(String[]::new)).exitCode()).isZero();

        Path local = dir.resolve("local");
        Run inProcess = run(sample("--alphas", small + "," + other, "--from", "2016-01-01", "--out", local.toString())
                .toArray(String[]::new));
        assertThat(inProcess.exitCode()).as(inProcess.err()).isZero();
        assertThat(inProcess.out()).contains("combined_equal").contains("wrote " + local.resolve("files.csv"));
        List<String> localRows = Files.readAllLines(local.resolve("files.csv"));
        assertThat(localRows).hasSize(3);
        assertThat(localRows.get(0)).isEqualTo("file,alphas,failed,signal,sharpe,annual_return,max_drawdown,rank_ic,report");
        assertThat(localRows.get(1)).startsWith(small + ",3,0,combined_equal,");
        assertThat(localRows.get(2)).startsWith(other + ",2,0,combined_equal,");
        assertThat(local.resolve("small/metrics.json")).hasSameTextualContentAs(single.resolve("metrics.json"));
        assertThat(local.resolve("other/index.html")).isNotEmptyFile();

        // On the mini-cluster a file with an error is refused (exit 2) and the others still run.
        Path spread = dir.resolve("cluster");
        Run cluster = run(sample("--alphas", small.toString(), "--alphas", broken.toString(), "--alphas", other.toString(),
                "--from", "2016-01-01", "--out", spread.toString(), "--cluster", "--parallelism", "2").toArray(String[]::new));
        assertThat(cluster.exitCode()).as(cluster.err()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(cluster.err()).contains(broken + ":1:16: unknown field 'clse'").contains("not backtested");
        List<String> clusterRows = Files.readAllLines(spread.resolve("files.csv"));
        assertThat(clusterRows).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(clusterRows.get(i).replace(spread.toString(), "DIR"))
                    .isEqualTo(localRows.get(i).replace(local.toString(), "DIR"));
        }
        assertThat(spread.resolve("small/metrics.json")).hasSameTextualContentAs(single.resolve("metrics.json"));
        assertThat(run(sample("--alphas", small.toString(), "--out", spread.toString(), "--parallelism", "2")
                .toArray(String[]::new)).exitCode()).isEqualTo(ExitCode.BAD_INPUT);
    }
}
