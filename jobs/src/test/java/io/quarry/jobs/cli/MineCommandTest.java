package io.quarry.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.quarry.connectors.BarsReader;
import io.quarry.connectors.GroupsReader;
import io.quarry.connectors.kafka.EmbeddedKafka;
import io.quarry.connectors.kafka.StreamJson;
import io.quarry.connectors.kafka.TopicReader;
import io.quarry.dsl.check.CheckedFile;
import io.quarry.dsl.check.Checker;
import io.quarry.dsl.panel.Panel;
import io.quarry.dsl.parse.Limits;
import io.quarry.dsl.parse.Source;
import io.quarry.dsl.testing.SharedData;
import io.quarry.jobs.stream.Topics;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.BufferedWriter;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code quarry mine} on the bundled sample market: a small budget, a checked file, the same file twice. */
class MineCommandTest {

    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private CliRun mine(String out, String... extra) {
        Path sample = SharedData.repoRoot().resolve("data/sample");
        String[] base = {"mine", "--data", sample.resolve("bars.csv.gz").toString(), "--groups",
                sample.resolve("sectors.csv").toString(), "--train-to", "2015-12-31", "--valid-to", "2016-06-30",
                "--method", "random", "--budget", "120", "--pool", "5", "--seed", "3", "--out",
                dir.resolve(out).toString()};
        return run(concat(base, extra));
    }

    @Test
    void writesACheckedDeterministicAlphaFile() throws Exception {
        CliRun first = mine("a.alpha");
        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.err()).contains("random x2: 120/120 evaluations").contains("done");
        assertThat(first.out()).startsWith("random x2: 120 evaluations").contains("valid IC");
        String text = Files.readString(dir.resolve("a.alpha"));
        assertThat(text).startsWith("# mined by quarry mine --method random --budget 120 --seed 3 --parallelism 2\n");
        CheckedFile file = Checker.standard().check(new Source("a.alpha", text));
        assertThat(file.hasErrors()).isFalse();
        assertThat(file.alphas()).isNotEmpty().allSatisfy(a -> assertThat(a.name()).startsWith("mined_"));
        assertThat(text).contains("# weight ");

        CliRun json = mine("b.alpha", "--format", "json", "--quiet");
        assertThat(json.exitCode()).isZero();
        assertThat(json.err()).doesNotContain("evaluations,");
        assertThat(json.out()).startsWith("{\"method\":\"random\"").contains("\"evaluations\":120");
        // Valid JSON, whose notes are the ones printed on stderr.
        JsonObject summary = JsonParser.parseString(json.out()).getAsJsonObject();
        assertThat(summary.get("evaluations").getAsInt()).isEqualTo(120);
        assertThat(summary.getAsJsonArray("notes").asList()).extracting(n -> "note: " + n.getAsString())
                .containsExactlyElementsOf(json.err().lines().filter(l -> l.startsWith("note: ")).toList());
        // The run's data, named by the digest of the market as read from the file: another reader's
        // panel of the same file has the same digest.
        Path sample = SharedData.repoRoot().resolve("data/sample");
        Panel read = BarsReader.read(sample.resolve("bars.csv.gz"), GroupsReader.read(sample.resolve("sectors.csv")));
        assertThat(json.out()).contains(",\"run\":{\"data_sha256\":\"" + read.digest() + "\",\"jvm\":\"")
                .endsWith("}}" + System.lineSeparator());
        assertThat(Files.readString(dir.resolve("b.alpha"))).isEqualTo(text);
    }

    @Test
    void aTestRangeAddsOutOfSampleScoresAndChangesNothingElse() throws Exception {
        CliRun plain = mine("plain.alpha", "--quiet");
        assertThat(plain.exitCode()).as(plain.err()).isZero();
        CliRun tested = mine("tested.alpha", "--quiet", "--test-to", "2016-12-31", "--format", "json");
        assertThat(tested.exitCode()).as(tested.err()).isZero();
        String text = Files.readString(dir.resolve("tested.alpha"));
        assertThat(text).containsPattern("valid 2016-01-04 \\.\\. 2016-06-30, test 2016-07-01 \\.\\. 2016-12-\\d\\d; label")
                .containsPattern("# pool of \\d+: .*, test IC -?\\d\\.\\d{4} RankIC -?\\d\\.\\d{4}\n");
        // Without the test scores it is the file mined without a test range: the test days are read after the selection.
        assertThat(text.replaceAll(", test [0-9-]+ \\.\\. [0-9-]+|[,;] test IC \\S+ RankIC \\S+", ""))
                .isEqualTo(Files.readString(dir.resolve("plain.alpha")));
        JsonObject pool = JsonParser.parseString(tested.out()).getAsJsonObject().getAsJsonObject("pool");
        assertThat(pool.has("test_ic")).isTrue();
        assertThat(pool.get("test_rank_ic").getAsDouble()).isBetween(-1.0, 1.0);

        for (String testTo : List.of("2016-06-30", "2016-05-01")) {
            CliRun bad = mine("bad.alpha", "--test-to", testTo);
            assertThat(bad.exitCode()).as(testTo).isEqualTo(2);
            assertThat(bad.err()).as(testTo).startsWith("error: --test-to: no test days after 2016-06-30 up to " + testTo);
        }
        // A date that is not one would otherwise compare as text: "end" sorts after every date.
        CliRun notADate = mine("bad.alpha", "--test-to", "end");
        assertThat(notADate.exitCode()).isEqualTo(2);
        assertThat(notADate.err()).startsWith("error: --test-to 'end' is not an ISO-8601 date (yyyy-MM-dd) or date-time");
        assertThat(dir.resolve("bad.alpha")).doesNotExist();
    }

    @Test
    void badUsageExitsWithTwo() {
        assertThat(mine("c.alpha", "--method", "annealing").exitCode()).isEqualTo(2);
        assertThat(mine("c.alpha", "--from", "2015-01-01").exitCode()).isEqualTo(2);
        CliRun range = run("mine", "--data", SharedData.repoRoot().resolve("data/sample/bars.csv.gz").toString(),
                "--train-to", "2030-01-01", "--valid-to", "2031-01-01", "--out", dir.resolve("d.alpha").toString());
        assertThat(range.exitCode()).isEqualTo(2);
        assertThat(range.err()).contains("no valid days");
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aTimeLimitStopsTheSearchesAndWritesThePoolFoundByThen() throws Exception {
        Path sample = SharedData.repoRoot().resolve("data/sample");
        for (String where : List.of("--parallelism=2", "--cluster")) {
            Path out = dir.resolve("limited.alpha");
            // A budget the sample would take many minutes to spend.
            CliRun run = run("mine", "--data", sample.resolve("bars.csv.gz").toString(), "--train-to", "2015-12-31",
                    "--valid-to", "2016-06-30", "--method", "random", "--budget", "1000000", "--pool", "5", "--seed",
                    "3", "--time-limit", "2s", "--quiet", "--format", "json", where, "--out", out.toString());
            assertThat(run.exitCode()).as(where + ": " + run.err()).isZero();
            assertThat(run.out()).as(where).contains("\"notes\":[\"search 0: stopped on request after ")
                    .contains("\"search 1: stopped on request after ");
            String text = Files.readString(out);
            assertThat(text).as(where).containsPattern("; [1-9]\\d* of the budget's 1000000 evaluations\n");
            assertThat(Checker.standard().check(new Source("limited.alpha", text)).hasErrors()).isFalse();
        }

        for (String[] options : List.of(new String[] {"--time-limit", "10x"}, new String[] {"--time-limit", "0s"},
                new String[] {"--time-limit", "1.5h"})) {
            CliRun bad = mine("f.alpha", options);
            assertThat(bad.exitCode()).as(options[1]).isEqualTo(2);
            assertThat(bad.err()).contains("--time-limit: expected a whole number of seconds, minutes or hours (90s,"
                    + " 10m, 2h), got '" + options[1] + "'");
        }
        CliRun fixed = mine("f.alpha", "--time-limit", "10m", "--alphas", "../alphas/wq101.alpha");
        assertThat(fixed.exitCode()).isEqualTo(2);
        assertThat(fixed.err()).contains("--alphas fits a given set without searching; --cluster, --parallelism,"
                + " --time-limit, --stop-file, --fields and --windows are for searches");
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aStopFileStopsTheSearchesWhereverTheyRunAndThePoolFoundSoFarIsWritten() throws Exception {
        Path sample = SharedData.repoRoot().resolve("data/sample");
        ExecutorService command = Executors.newSingleThreadExecutor();
        try {
            for (String where : List.of("--parallelism=2", "--cluster")) {
                Path out = dir.resolve("stopped.alpha");
                Path stop = dir.resolve("stop-" + where.substring(2, 9));
                ByteArrayOutputStream err = new ByteArrayOutputStream();
                ByteArrayOutputStream printed = new ByteArrayOutputStream();
                // A budget the sample would take many minutes to spend.
                Future<Integer> exit = command.submit(() -> QuarryCli.run(new String[] {"mine", "--data",
                        sample.resolve("bars.csv.gz").toString(), "--train-to", "2015-12-31", "--valid-to", "2016-06-30",
                        "--method", "random", "--budget", "1000000", "--pool", "5", "--seed", "3", "--stop-file",
                        stop.toString(), where, "--out", out.toString()},
                        new PrintStream(printed, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
                // A progress line: the searches are under way.
                while (!err.toString(StandardCharsets.UTF_8).contains("/1000000 evaluations, ") && !exit.isDone()) {
                    Thread.sleep(50);
                }
                Files.createFile(stop);
                assertThat(exit.get(2, TimeUnit.MINUTES)).as(where + ": " + err.toString(StandardCharsets.UTF_8)).isZero();
                String stderr = err.toString(StandardCharsets.UTF_8);
                assertThat(stderr).as(where).contains("note: search 0: stopped on request after ")
                        .contains("note: search 1: stopped on request after ");
                assertThat(printed.toString(StandardCharsets.UTF_8)).as(where).contains("written to " + out);
                String text = Files.readString(out);
                assertThat(text).as(where).containsPattern("; [1-9]\\d* of the budget's 1000000 evaluations\n");
                assertThat(Checker.standard().check(new Source("stopped.alpha", text)).hasErrors()).isFalse();
                assertThat(stop).as("the user's file is left as it is").exists();
            }
        } finally {
            command.shutdownNow();
        }

        Path existing = Files.createFile(dir.resolve("already"));
        CliRun early = mine("g.alpha", "--stop-file", existing.toString());
        assertThat(early.exitCode()).isEqualTo(2);
        assertThat(early.err()).contains("--stop-file: " + existing + " already exists, so the searches would stop at"
                + " once; remove it or name another file");
        assertThat(dir.resolve("g.alpha")).doesNotExist();
        CliRun fixed = mine("g.alpha", "--stop-file", dir.resolve("absent").toString(), "--alphas",
                "../alphas/wq101.alpha");
        assertThat(fixed.exitCode()).isEqualTo(2);
        assertThat(fixed.err()).contains("--alphas fits a given set without searching; --cluster, --parallelism,"
                + " --time-limit, --stop-file, --fields and --windows are for searches");
    }

    @Test
    void theSearchUsesTheFieldsItIsGivenTheDatasOwnColumnsIncluded() throws Exception {
        // The sample's bars with a column of their own: turnover = close * volume.
        Path bars = dir.resolve("bars-with-turnover.csv");
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(
                SharedData.repoRoot().resolve("data/sample/bars.csv.gz"))), StandardCharsets.UTF_8));
             BufferedWriter out = Files.newBufferedWriter(bars)) {
            out.write(in.readLine() + ",turnover\n");
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] cells = line.split(",", -1);
                boolean known = !cells[5].isEmpty() && !cells[6].isEmpty();
                out.write(line + "," + (known ? Double.parseDouble(cells[5]) * Double.parseDouble(cells[6]) : "") + "\n");
            }
        }
        String[] base = {"mine", "--data", bars.toString(), "--train-to", "2015-12-31", "--valid-to", "2016-06-30",
                "--method", "random", "--budget", "120", "--pool", "5", "--seed", "3", "--out",
                dir.resolve("turnover.alpha").toString()};
        CliRun run = run(concat(base, "--fields", "turnover,close"));
        assertThat(run.exitCode()).as(run.err()).isZero();
        String text = Files.readString(dir.resolve("turnover.alpha"));
        assertThat(text).startsWith("# mined by quarry mine --method random --budget 120 --seed 3 --parallelism 2"
                + " --fields close,turnover\n");
        CheckedFile file = new Checker(Limits.DEFAULT, Set.of("turnover")).check(new Source("turnover.alpha", text));
        assertThat(file.hasErrors()).isFalse();
        assertThat(file.alphas()).flatExtracting(a -> List.copyOf(a.fields())).contains("turnover")
                .allMatch(f -> f.equals("close") || f.equals("turnover"));

        for (String[] options : List.of(new String[] {"--fields", "close,sentiment",
                "--fields: field 'sentiment' is not in the data, which has close, high, low, open, turnover, volume"},
                new String[] {"--fields", "close,volume,close", "--fields: close is given twice"},
                new String[] {"--fields", "close", "--alphas", "../alphas/wq101.alpha",
                        "--alphas fits a given set without searching"})) {
            CliRun bad = run(concat(base, Arrays.copyOf(options, options.length - 1)));
            assertThat(bad.exitCode()).as(options[1]).isEqualTo(2);
            assertThat(bad.err()).contains(options[options.length - 1]);
        }
    }

    private static String[] concat(String[] base, String... extra) {
        String[] args = Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return args;
    }

    @Test
    void onALocalMiniClusterTheSearchesWriteTheFileTheyWriteInProcess() throws Exception {
        CliRun run = mine("cluster.alpha", "--cluster", "--parallelism", "3");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("global pool +a");
        assertThat(run.out()).startsWith("random x3: 120 evaluations").contains("written to");
        String text = Files.readString(dir.resolve("cluster.alpha"));
        assertThat(text).startsWith("# mined by quarry mine --method random --budget 120 --seed 3 --parallelism 3\n");
        assertThat(Checker.standard().check(new Source("cluster.alpha", text)).hasErrors()).isFalse();

        CliRun inProcess = mine("threads.alpha", "--parallelism", "3");
        assertThat(inProcess.exitCode()).as(inProcess.err()).isZero();
        assertThat(Files.readString(dir.resolve("threads.alpha"))).isEqualTo(text);

        // Other windows, in any order: the same file both ways, and its header says how to mine it again.
        CliRun clusterWindows = mine("cluster-windows.alpha", "--cluster", "--parallelism", "2", "--windows", "20,5");
        assertThat(clusterWindows.exitCode()).as(clusterWindows.err()).isZero();
        String windows = Files.readString(dir.resolve("cluster-windows.alpha"));
        assertThat(windows).startsWith("# mined by quarry mine --method random --budget 120 --seed 3 --parallelism 2"
                + " --windows 5,20\n").isNotEqualTo(text);
        CliRun inProcessWindows = mine("windows.alpha", "--windows", "5,20");
        assertThat(inProcessWindows.exitCode()).as(inProcessWindows.err()).isZero();
        assertThat(Files.readString(dir.resolve("windows.alpha"))).isEqualTo(windows);
    }

    @Test
    void searchOptionsAreCheckedBeforeAnySearchStarts() {
        CliRun noCluster = mine("e.alpha", "--publish", "localhost:9092");
        assertThat(noCluster.exitCode()).isEqualTo(2);
        assertThat(noCluster.err()).contains("--publish needs --cluster");
        for (String[] options : List.of(new String[] {"--parallelism", "200"},
                new String[] {"--cluster", "--parallelism", "200"}, new String[] {"--parallelism", "0"})) {
            CliRun tooMany = mine("e.alpha", options);
            assertThat(tooMany.exitCode()).as(String.join(" ", options)).isEqualTo(2);
            assertThat(tooMany.err()).contains("--parallelism must be between 1 and the budget (120), got "
                    + options[options.length - 1]);
        }
        CliRun fixed = mine("e.alpha", "--cluster", "--alphas", "../alphas/wq101.alpha");
        assertThat(fixed.exitCode()).isEqualTo(2);
        assertThat(mine("e.alpha", "--parallelism", "2", "--alphas", "../alphas/wq101.alpha").exitCode()).isEqualTo(2);
        for (String[] options : List.of(new String[] {"--windows", "5,5", "is given twice"},
                new String[] {"--windows", "0,5", "a window is at least 1 row, got 0"},
                new String[] {"--windows", "five", "--windows"},
                new String[] {"--windows", "5", "--alphas", "../alphas/wq101.alpha",
                        "--alphas fits a given set without searching"})) {
            CliRun bad = mine("e.alpha", Arrays.copyOf(options, options.length - 1));
            assertThat(bad.exitCode()).as(options[1]).isEqualTo(2);
            assertThat(bad.err()).contains(options[options.length - 1]);
        }
    }

    @Test
    void publishSendsThePoolToAStreamsControlTopic() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            Topics topics = Topics.withPrefix("pub");
            kafka.createTopics(Map.of(topics.control(), 1));
            CliRun run = mine("published.alpha", "--cluster", "--parallelism", "2", "--publish", kafka.bootstrapServers(),
                    "--topic-prefix", "pub");
            assertThat(run.exitCode()).as(run.err()).isZero();
            String file = Files.readString(dir.resolve("published.alpha"));
            List<StreamJson.Control> sent = TopicReader.readAll(kafka.bootstrapServers(), topics.control()).stream()
                    .map(StreamJson::control).toList();
            assertThat(sent).allSatisfy(c -> assertThat(c.source()).isEqualTo("published.alpha"));
            // Each formula that joined the global pool as it joined, then the final file, then the removals.
            List<String> added = sent.stream().filter(c -> c.op().equals(StreamJson.Control.ADD))
                    .map(StreamJson.Control::text).toList();
            assertThat(added.size()).isGreaterThan(1);
            assertThat(added.subList(0, added.size() - 1)).allSatisfy(t -> assertThat(t).startsWith("alpha a"));
            assertThat(added.get(added.size() - 1)).isEqualTo(file);
        }
    }
}
