package io.quarry.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.connectors.BarsReader;
import io.quarry.dsl.panel.Panel;
import io.quarry.dsl.testing.SharedData;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests for {@link QuarryCli}: what a user sees, and the exit codes scripts rely on. */
class QuarryCliTest {

    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private Path bars() throws IOException {
        Path bars = dir.resolve("bars.csv");
        Files.writeString(bars, """
                date,symbol,open,high,low,close,volume
                2024-01-02,AAA,10,11,9,10,100
                2024-01-02,BBB,20,21,19,20,200
                2024-01-03,AAA,10,12,10,11,100
                2024-01-03,BBB,20,21,19,19,300
                2024-01-04,AAA,11,12,10,12,200
                2024-01-04,BBB,19,20,18,18,100
                """);
        return bars;
    }

    private Path alphas(String text) throws IOException {
        Path file = dir.resolve("a.alpha");
        Files.writeString(file, text);
        return file;
    }

    private static List<String> gunzipLines(Path file) throws IOException {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
            return r.lines().toList();
        }
    }

    @Test
    void evalWritesEveryAlphaInLongFormat() throws IOException {
        Path out = dir.resolve("v.csv.gz");
        CliRun r = run("eval", "--data", bars().toString(), "--alphas",
                alphas("alpha d1 = delta(close, 1)\nalpha r = rank(close)\n").toString(), "--out", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("evaluated 2 of 2 alphas");
        // delta(close, 1): AAA 11-10 = 1, 12-11 = 1; BBB 19-20 = -1, 18-19 = -1. rank(close) of two: 0.5 / 1.
        assertThat(gunzipLines(out)).containsExactly(
                "date,symbol,d1,r",
                "2024-01-02,AAA,,0.5",
                "2024-01-02,BBB,,1",
                "2024-01-03,AAA,1,0.5",
                "2024-01-03,BBB,-1,1",
                "2024-01-04,AAA,1,0.5",
                "2024-01-04,BBB,-1,1");
    }

    @Test
    void fromAndToLimitTheOutputButNotTheHistory() throws IOException {
        Path out = dir.resolve("v.csv");
        CliRun r = run("eval", "--data", bars().toString(), "--alphas", alphas("alpha d1 = delta(close, 1)").toString(),
                "--from", "2024-01-03", "--to", "2024-01-03", "--out", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(Files.readAllLines(out)).containsExactly("date,symbol,d1", "2024-01-03,AAA,1", "2024-01-03,BBB,-1");
    }

    @Test
    void anAlphaNeedingAMissingFieldFailsAloneAndTheRestIsWritten() throws IOException {
        Path out = dir.resolve("v.csv");
        CliRun r = run("eval", "--data", bars().toString(), "--alphas",
                alphas("alpha ok = close\nalpha capped = rank(cap)\n").toString(), "--out", out.toString(), "--format", "json");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("capped: field 'cap' is not in the data");
        assertThat(r.out()).contains("\"evaluated\":1").contains("\"name\":\"capped\"");
        assertThat(Files.readAllLines(out).get(0)).isEqualTo("date,symbol,ok");
    }

    @Test
    void formulaErrorsAreAllReportedLocatedAndNothingIsEvaluated() throws IOException {
        Path file = alphas("alpha a = rank(close)\nalpha b = ts_rnak(close, 3)\nalpha c = delay(close, -1)\n");
        CliRun r = run("eval", "--data", bars().toString(), "--alphas", file.toString(), "--out", dir.resolve("v.csv").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains(file + ":2:11: unknown function 'ts_rnak' (did you mean 'ts_rank'?)")
                .contains(file + ":3:24: negative delay -1 looks into the future")
                .contains("2 errors, nothing evaluated")
                .doesNotContain("Exception");
        assertThat(dir.resolve("v.csv")).doesNotExist();
    }

    @Test
    void malformedDataNamesTheLine() throws IOException {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "date,symbol,open,high,low,close,volume\n2024-01-02,AAA,10,11,9,abc,100\n");
        CliRun r = run("eval", "--data", bad.toString(), "--alphas", alphas("alpha a = close").toString(), "--out", dir.resolve("v.csv").toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("bad.csv:2").contains("'abc'").doesNotContain("at io.quarry");
    }

    @Test
    void badUsageIsExitCodeTwo() throws IOException {
        assertThat(run("eval", "--alphas", "x.alpha").exitCode()).isEqualTo(2);
        assertThat(run("frobnicate").exitCode()).isEqualTo(2);
        CliRun negativePause = run("demo", "--pause", "-1");
        assertThat(negativePause.exitCode()).isEqualTo(2);
        assertThat(negativePause.err()).contains("--pause must be >= 0, got -1");
        CliRun missing = run("eval", "--data", dir.resolve("nope.csv").toString(), "--alphas", "x", "--out", "y.csv");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("nope.csv");
        CliRun empty = run("eval", "--data", bars().toString(), "--alphas", alphas("alpha a = close").toString(),
                "--from", "2030-01-01", "--out", dir.resolve("v.csv").toString());
        assertThat(empty.exitCode()).isEqualTo(2);
        assertThat(empty.err()).contains("no data between 2030-01-01 and the end: the data covers 2024-01-02 .. 2024-01-04");
        assertThat(run("eval", "--data", bars().toString(), "--alphas", "a", "--from", "yesterday", "--out", "v.csv").err())
                .contains("--from 'yesterday' is not an ISO-8601 date");
    }

    @Test
    void checkPrintsCanonicalFormsAndExitsTwoOnErrors() throws IOException {
        CliRun ok = run("check", alphas("alpha a = -1 * Corr($volume, rank(open), 10.7)\n").toString());
        assertThat(ok.exitCode()).isZero();
        assertThat(ok.out()).contains("-correlation(rank(open), volume, 10)");
        CliRun bad = run("check", alphas("alpha a = close +\n").toString(), "--format", "json");
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.out()).contains("\"severity\":\"error\"").contains("\"line\":1");
    }

    @Test
    void generateThenImportThenEvalRoundTrips() throws IOException {
        Path gen = dir.resolve("gen.csv.gz");
        Path sectors = dir.resolve("sectors.csv");
        CliRun g = run("generate", "--symbols", "20", "--days", "60", "--seed", "5", "--out", gen.toString(),
                "--sectors-out", sectors.toString());
        assertThat(g.exitCode()).as(g.err()).isZero();
        Path arrow = dir.resolve("gen.arrow");
        assertThat(run("import", "--data", gen.toString(), "--out", arrow.toString()).exitCode()).isZero();
        Panel fromCsv = BarsReader.read(gen);
        Panel fromArrow = BarsReader.read(arrow);
        assertThat(fromArrow.timestamps()).isEqualTo(fromCsv.timestamps());
        assertThat(fromArrow.values("close")).containsExactly(fromCsv.values("close"));
        CliRun e = run("eval", "--data", arrow.toString(), "--groups", sectors.toString(), "--alphas",
                alphas("alpha n = indneutralize(returns, IndClass.sector)").toString(), "--out", dir.resolve("n.arrow").toString());
        assertThat(e.exitCode()).as(e.err()).isZero();
    }

    @Test
    void scoreWritesTheJsonContractAndRefusesBadInputWithExitCodeTwo() throws IOException {
        Path gen = dir.resolve("gen.csv.gz");
        assertThat(run("generate", "--symbols", "40", "--days", "120", "--seed", "9", "--plant", "rank(delta(close, 5))",
                "--ic", "0.3", "--out", gen.toString()).exitCode()).isZero();
        Path file = alphas("alpha planted = rank(delta(close, 5))\nalpha other = rank(volume)\nlabel fwd2 = delay(close, -2) / close - 1\n");
        CliRun json = run("score", "--data", gen.toString(), "--alphas", file.toString(), "--format", "json");
        assertThat(json.exitCode()).as(json.err()).isZero();
        // The planted formula ranks first by composite; whitespace aside, the JSON contract's keys.
        assertThat(json.out().replaceAll("\\s", "")).startsWith("{\"range\":{").contains("\"alphas\":[{\"name\":\"planted\"")
                .contains("\"rank_ic\":").contains("\"set\":{\"diversity\":").contains("\"pool_ic\":");
        CliRun table = run("score", "--data", gen.toString(), "--alphas", file.toString(), "--label", "fwd2");
        assertThat(table.exitCode()).as(table.err()).isZero();
        assertThat(table.out()).contains("planted").contains("other");

        CliRun unknownLabel = run("score", "--data", gen.toString(), "--alphas", file.toString(), "--label", "nope");
        assertThat(unknownLabel.exitCode()).isEqualTo(2);
        assertThat(unknownLabel.err()).contains("no label named 'nope'").contains("fwd2");
        CliRun longHorizon = run("score", "--data", gen.toString(), "--alphas", file.toString(), "--horizon", "500");
        assertThat(longHorizon.exitCode()).isEqualTo(2);
        assertThat(longHorizon.err()).contains("horizon 500");
        CliRun noDays = run("score", "--data", gen.toString(), "--alphas", file.toString(), "--from", "2031-01-01");
        assertThat(noDays.exitCode()).isEqualTo(2);
        assertThat(noDays.err()).contains("no data");
    }

    @Test
    void demoRunsOnTheBundledSample() {
        CliRun r = run("demo", "--home", SharedData.repoRoot().toString(), "--out", dir.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("Quarry demo: 101 WQ101 alphas over the bundled sample (50 symbols")
                .contains("not evaluated: wq101_056: field 'cap' is not in the data");
        assertThat(dir.resolve("wq101_sample.csv.gz")).exists();
        assertThat(r.out()).containsPattern("Mined [1-5] alphas \\(MCTS x2, 1000 evaluations")
                .containsPattern("stream == batch: (\\d+) of \\1 cells equal");
        assertThat(run("check", dir.resolve("mined.alpha").toString()).exitCode()).isZero();
        assertThat(dir.resolve("report/index.html")).isNotEmptyFile();
    }
}
