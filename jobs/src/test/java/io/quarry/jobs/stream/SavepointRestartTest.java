package io.quarry.jobs.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.connectors.kafka.BarsReplay;
import io.quarry.connectors.kafka.ControlTopic;
import io.quarry.connectors.kafka.EmbeddedKafka;
import io.quarry.connectors.kafka.StreamJson;
import io.quarry.connectors.kafka.TopicReader;
import io.quarry.connectors.kafka.ValuesReadBack;
import io.quarry.dsl.check.Checker;
import io.quarry.dsl.eval.BatchEvaluator;
import io.quarry.dsl.eval.Evaluation;
import io.quarry.dsl.panel.Panel;
import io.quarry.dsl.parse.Limits;
import io.quarry.dsl.parse.Source;
import io.quarry.jobs.cli.QuarryCli;
import io.quarry.jobs.testing.SampleMarket;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import sun.misc.Signal;

/**
 * The streaming job stopped with a savepoint and restarted from it, on a real in-JVM Kafka broker and a
 * Flink mini-cluster over the bundled sample market: what the values topic holds (read_committed) across
 * both runs, compared with the batch evaluator. Through the API with other initial alphas, and through
 * {@code quarry stream} as a user runs it (a signal stops it with a savepoint, {@code --from-savepoint}
 * resumes).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SavepointRestartTest {

    private static final int PARALLELISM = 2;
    private static final int PARTITIONS = 2;
    /** Rows replayed before the savepoint. */
    private static final int FIRST_ROWS = 80;

    /** The first run's alphas. */
    private static final String FIRST = """
            alpha mom5 = rank(delta(close, 5))
            alpha volrank = ts_rank(volume, 10)
            alpha corr = correlation(close, volume, 10)
            alpha rev3 = -delta(close, 3)
            alpha range = rank((high - low) / close)
            """;
    /** Submitted on the control topic during the first run; no command line lists it. */
    private static final String SUBMITTED = "alpha sub = ts_mean(returns, 5)\n";
    /**
     * The second run's alphas: {@code corr} reformulated, {@code rev3} dropped, {@code sectorcorr} added;
     * {@code range}, removed on the control topic during the first run, still listed as it was.
     */
    private static final String SECOND = """
            alpha mom5 = rank(delta(close, 5))
            alpha volrank = ts_rank(volume, 10)
            alpha corr = -correlation(close, volume, 15)
            alpha range = rank((high - low) / close)
            alpha sectorcorr = indneutralize(correlation(close, volume, 15), IndClass.sector)
            """;

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(PARALLELISM).build());

    private static EmbeddedKafka kafka;
    private static Panel panel;
    private static Map<String, List<String>> sectors;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start();
        SampleMarket market = SampleMarket.load();
        panel = market.panel();
        sectors = market.sectors();
    }

    @AfterAll
    static void stop() throws Exception {
        kafka.close();
    }

    @Test
    void restartFromASavepointWithOtherAlphasLosesNoValue(@TempDir Path dir) throws Exception {
        String bootstrap = kafka.bootstrapServers();
        Topics topics = SampleMarket.createTopics(kafka, "sp", PARTITIONS);
        // Unbounded, as a live job: a restored Kafka source keeps the end offsets of the run it was saved in.
        StreamSettings base = StreamSettings.defaults(bootstrap, topics)
                .withParallelism(4, PARALLELISM)
                .withTiming(0, 0, 0, 300)
                .withEvaluation(300, 20, sectors, 1, Set.of())
                .withRecoveryDrill("sp-tx", 0);
        int rows = panel.rows();
        BarsReplay replay = new BarsReplay(bootstrap, topics.bars(), PARTITIONS);

        JobClient first = start(base.withInitialAlphas(FIRST), null);
        replay.replay(panel, 0, FIRST_ROWS, row -> {
            if (row == 20) {
                ControlTopic.submit(bootstrap, topics.control(), "sub.alpha", SUBMITTED);
                awaitStatus(topics, 1);
            } else if (row == 40) {
                ControlTopic.remove(bootstrap, topics.control(), "cli", List.of("range", "corr"));
                awaitStatus(topics, 2);
            }
        });
        awaitValuesAt(topics, FIRST_ROWS - 2);
        String savepoint = first.stopWithSavepoint(false, dir.resolve("first").toUri().toString(),
                SavepointFormatType.CANONICAL).get(60, TimeUnit.SECONDS);
        first.getJobExecutionResult().get(60, TimeUnit.SECONDS);
        // No bar after the last row moved the watermark past it: its bars went into the savepoint unevaluated.
        int restartRow = lastRow(TopicReader.readAll(bootstrap, topics.values())) + 1;
        assertThat(restartRow).isEqualTo(FIRST_ROWS - 1);

        JobClient second = start(base.withInitialAlphas(SECOND), savepoint);
        replay.replay(panel, FIRST_ROWS, rows, null);
        awaitValuesAt(topics, rows - 2);
        // Draining moves the watermark to the end of time: the last row completes before the job stops.
        second.stopWithSavepoint(true, dir.resolve("second").toUri().toString(), SavepointFormatType.CANONICAL)
                .get(60, TimeUnit.SECONDS);
        second.getJobExecutionResult().get(60, TimeUnit.SECONDS);

        List<byte[]> raw = TopicReader.readAll(bootstrap, topics.values());
        ValuesReadBack back = ValuesReadBack.of(panel, List.of(), raw);
        assertThat(back.duplicates()).isZero();
        assertThat(back.outside()).isZero();
        Evaluation firstBatch = batch(FIRST);
        Evaluation secondBatch = batch(SECOND);

        // Untouched alphas: every row, every symbol, once, equal to batch, across the restart.
        for (String name : List.of("mom5", "volrank")) {
            assertThat(recordsPerRow(raw, name)).as(name).isEqualTo(barsPerRow(0, rows));
            assertEqualsBatch(back, firstBatch, name, 0, rows);
        }
        // The alpha added on the command line: from the first cross-section completed after the restart,
        // already defined there (it warmed up from the retained bars) and equal to batch.
        assertThat(recordsPerRow(raw, "sectorcorr")).isEqualTo(barsPerRow(restartRow, rows));
        assertEqualsBatch(back, secondBatch, "sectorcorr", restartRow, rows);
        double[] added = back.columns().get(back.alphas().indexOf("sectorcorr"));
        long defined = IntStream.range(0, panel.symbolCount())
                .filter(sym -> !Double.isNaN(added[sym * rows + restartRow])).count();
        assertThat(defined).isGreaterThan(panel.symbolCount() / 2);
        // Dropped from the command line: nothing after the restart.
        assertThat(recordsPerRow(raw, "rev3")).isEqualTo(barsPerRow(0, restartRow));
        assertEqualsBatch(back, firstBatch, "rev3", 0, restartRow);

        // Control changes of the first run. A submitted alpha no command line names lives on. (A control
        // message takes effect at the first cross-section completed after it: row 0 when the job is still
        // starting up while the replay goes on.)
        int subFirst = recordsPerRow(raw, "sub").keySet().iterator().next();
        assertThat(subFirst).isBetween(0, 22);
        assertThat(recordsPerRow(raw, "sub")).isEqualTo(barsPerRow(subFirst, rows));
        assertEqualsBatch(back, batch(SUBMITTED), "sub", subFirst, rows);
        // range was removed and the second command line lists it unchanged: it stays removed.
        int rangeEnd = lastRow(raw, "range") + 1;
        assertThat(rangeEnd).isBetween(subFirst, 42);
        assertThat(recordsPerRow(raw, "range")).isEqualTo(barsPerRow(0, rangeEnd));
        assertEqualsBatch(back, firstBatch, "range", 0, rangeEnd);
        // corr was removed too, but the second command line changed its formula: that wins, from the restart.
        int corrEnd = lastRowBefore(raw, "corr", restartRow) + 1;
        assertThat(corrEnd).isBetween(subFirst, 42);
        Map<Integer, Integer> corrRows = barsPerRow(0, corrEnd);
        corrRows.putAll(barsPerRow(restartRow, rows));
        assertThat(recordsPerRow(raw, "corr")).isEqualTo(corrRows);
        assertEqualsBatch(back, firstBatch, "corr", 0, corrEnd);
        assertEqualsBatch(back, secondBatch, "corr", restartRow, rows);
    }

    @Test
    void theCommandLineStopsWithASavepointOnASignalAndResumesFromIt(@TempDir Path dir) throws Exception {
        String bootstrap = kafka.bootstrapServers();
        Topics topics = SampleMarket.createTopics(kafka, "spcli", PARTITIONS);
        String live = "alpha mom5 = rank(delta(close, 5))\nalpha volrank = ts_rank(volume, 10)\n";
        Path alphas = dir.resolve("live.alpha");
        Files.writeString(alphas, live);
        List<String> stream = List.of("stream", "--bootstrap", bootstrap, "--alphas", alphas.toString(),
                "--topic-prefix", "spcli", "--checkpoint", "300");
        BarsReplay replay = new BarsReplay(bootstrap, topics.bars(), PARTITIONS);

        // The bars come once the job runs (StreamingJobTest starts a job over a backlog).
        CompletableFuture<CliRun> first = CompletableFuture.supplyAsync(
                () -> CliRun.of(stream, "--savepoint-dir", dir.resolve("savepoints").toString()));
        awaitRunning(bootstrap, topics, 1);
        replay.replay(panel, 0, 30, null);
        awaitValuesAt(topics, 28);
        Signal.raise(new Signal("TERM"));
        CliRun stopped = first.get(120, TimeUnit.SECONDS);
        assertThat(stopped.exitCode()).as(stopped.err()).isZero();
        String savepoint = stopped.savepoint();
        assertThat(Path.of(URI.create(savepoint)).resolve("_metadata")).isRegularFile();

        CompletableFuture<CliRun> second = CompletableFuture.supplyAsync(() -> CliRun.of(stream,
                "--from-savepoint", savepoint, "--savepoint-dir", dir.resolve("savepoints").toString()));
        awaitRunning(bootstrap, topics, 2);
        replay.replay(panel, 30, 60, null);
        awaitValuesAt(topics, 58);
        // TERM again, not INT: a build started in the background inherits SIGINT ignored, and a JVM
        // cannot take over an ignored signal (the handler is silently not installed).
        Signal.raise(new Signal("TERM"));
        CliRun resumed = second.get(120, TimeUnit.SECONDS);
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("restored from " + savepoint);

        // Resumed, not started over: the rows of the first run are not written again.
        List<byte[]> raw = TopicReader.readAll(bootstrap, topics.values());
        ValuesReadBack back = ValuesReadBack.of(panel, List.of(), raw);
        assertThat(back.duplicates()).isZero();
        int end = lastRow(raw) + 1;
        assertThat(end).isBetween(59, 60);
        Evaluation batch = batch(live);
        for (String name : List.of("mom5", "volrank")) {
            assertThat(recordsPerRow(raw, name)).as(name).isEqualTo(barsPerRow(0, end));
            assertEqualsBatch(back, batch, name, 0, end);
        }

        // Another parallelism puts the groups on other keys, where they would start without history.
        CliRun rescaled = CliRun.of(stream, "--from-savepoint", resumed.savepoint(), "--parallelism", "1");
        assertThat(rescaled.exitCode()).isEqualTo(1);
        assertThat(rescaled.err()).contains("cannot restore the alpha groups")
                .contains("4 alpha groups over parallelism 2").contains("2 alpha groups over parallelism 1");
    }

    @Test
    void aSavepointThatCannotBeReadIsAMessageAndExitCodeTwo(@TempDir Path dir) throws Exception {
        Path alphas = dir.resolve("a.alpha");
        Files.writeString(alphas, "alpha a = rank(close)\n");
        List<String> live = List.of("stream", "--bootstrap", "localhost:1", "--alphas", alphas.toString());
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Path garbage = Files.createDirectories(dir.resolve("garbage"));
        Files.writeString(garbage.resolve("_metadata"), "not a savepoint");

        CliRun missing = CliRun.of(live, "--from-savepoint", dir.resolve("nope").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("--from-savepoint: savepoint not found").contains("nope");
        CliRun noMetadata = CliRun.of(live, "--from-savepoint", empty.toString());
        assertThat(noMetadata.exitCode()).isEqualTo(2);
        assertThat(noMetadata.err()).contains("--from-savepoint: savepoint not found").contains("_metadata");
        CliRun unreadable = CliRun.of(live, "--from-savepoint", garbage.toString());
        assertThat(unreadable.exitCode()).isEqualTo(2);
        assertThat(unreadable.err()).contains("--from-savepoint: savepoint " + garbage + " cannot be read");
        CliRun replayed = CliRun.of(List.of("stream", "--embedded", "--replay", "../data/sample/bars.csv.gz",
                "--alphas", alphas.toString()), "--from-savepoint", garbage.toString());
        assertThat(replayed.exitCode()).isEqualTo(2);
        assertThat(replayed.err()).contains("for the live mode");
        for (CliRun run : List.of(missing, noMetadata, unreadable, replayed)) {
            assertThat(run.err()).as("no stack trace").doesNotContain("\tat ");
        }
    }

    /** One run of the {@code quarry} command line in process. */
    private record CliRun(int exitCode, String out, String err) {

        static CliRun of(List<String> args, String... more) {
            List<String> all = new ArrayList<>(args);
            all.addAll(List.of(more));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = QuarryCli.run(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        }

        /** The savepoint the run says it stopped with. */
        String savepoint() {
            String said = "stopped with a savepoint: ";
            return out.lines().filter(l -> l.startsWith(said)).map(l -> l.substring(said.length())).findFirst()
                    .orElseThrow(() -> new AssertionError("no savepoint in: " + out + err));
        }
    }

    private static JobClient start(StreamSettings s, String savepoint) throws Exception {
        Configuration conf = StreamJob.configuration(s, null);
        if (savepoint != null) {
            Savepoints.restoreFrom(conf, Savepoints.check(savepoint));
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        StreamJob.build(env, s);
        return env.executeAsync("quarry-savepoint-test");
    }

    private static Evaluation batch(String text) {
        return new BatchEvaluator().evaluate(panel,
                new Checker(Limits.DEFAULT, panel.fieldNames()).check(new Source("test.alpha", text)).orThrow());
    }

    /**
     * Waits until a running job answers a control message (the {@code n}th status record): its sources
     * and operators are up. The message adds {@code probe}, an alpha the assertions never look at.
     */
    private static void awaitRunning(String bootstrap, Topics topics, int n) throws Exception {
        ControlTopic.submit(bootstrap, topics.control(), "probe.alpha", "alpha probe" + n + " = rank(close)\n");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (TopicReader.readAll(bootstrap, topics.status()).size() < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the job did not answer control message " + n + " within 120 s");
            }
            Thread.sleep(100);
        }
    }

    /** Waits until the values topic holds committed values of {@code row} or a later one. */
    private static void awaitValuesAt(Topics topics, int row) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (lastRow(TopicReader.readAll(kafka.bootstrapServers(), topics.values())) < row) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no committed values of row " + row + " within 60 s");
            }
            Thread.sleep(100);
        }
    }

    /** Waits until the status topic holds {@code n} committed records. */
    private static void awaitStatus(Topics topics, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (TopicReader.readAll(kafka.bootstrapServers(), topics.status()).size() < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no status record " + n + " within 60 s");
            }
            Thread.sleep(100);
        }
    }

    /** The last row with any values; -1 when none. */
    private static int lastRow(List<byte[]> raw) {
        return raw.stream().mapToInt(r -> panel.timestamps().indexOf(StreamJson.values(r).time())).max().orElse(-1);
    }

    /** The last row with a value of the alpha. */
    private static int lastRow(List<byte[]> raw, String alpha) {
        return lastRowBefore(raw, alpha, panel.rows());
    }

    /** The last row before {@code end} with a value of the alpha. */
    private static int lastRowBefore(List<byte[]> raw, String alpha, int end) {
        return recordsPerRow(raw, alpha).keySet().stream().filter(t -> t < end).mapToInt(Integer::intValue).max()
                .orElseThrow();
    }

    /** Row to the number of values records (one per symbol) holding the alpha. */
    private static Map<Integer, Integer> recordsPerRow(List<byte[]> raw, String alpha) {
        Map<Integer, Integer> out = new TreeMap<>();
        for (byte[] r : raw) {
            StreamJson.Values v = StreamJson.values(r);
            if (List.of(v.alphas()).contains(alpha)) {
                out.merge(panel.timestamps().indexOf(v.time()), 1, Integer::sum);
            }
        }
        return out;
    }

    /** Row to its number of bars, for rows [from, to): what {@link #recordsPerRow} holds for an alpha there. */
    private static Map<Integer, Integer> barsPerRow(int from, int to) {
        Map<Integer, Integer> out = new TreeMap<>();
        for (int t = from; t < to; t++) {
            int row = t;
            out.put(t, (int) IntStream.range(0, panel.symbolCount()).filter(s -> panel.hasBar(row, s)).count());
        }
        return out;
    }

    /**
     * The stream's values of one alpha equal batch on rows [from, to): NaN in the same cells, and within
     * 1e-6 relative on at least 99.9% of the others (as StreamingJobTest).
     */
    private static void assertEqualsBatch(ValuesReadBack back, Evaluation batch, String name, int from, int to) {
        double[] expected = batch.values(name);
        double[] actual = back.columns().get(back.alphas().indexOf(name));
        long cells = 0;
        long close = 0;
        List<String> nanMismatches = new ArrayList<>();
        for (int t = from; t < to; t++) {
            for (int sym = 0; sym < panel.symbolCount(); sym++) {
                int i = sym * panel.rows() + t;
                if (!panel.hasBar(t, sym)) {
                    continue;
                }
                if (Double.isNaN(expected[i]) != Double.isNaN(actual[i])) {
                    nanMismatches.add(name + "@" + panel.timestamps().get(t) + "/" + panel.symbols().get(sym)
                            + ": batch " + expected[i] + ", stream " + actual[i]);
                } else if (!Double.isNaN(expected[i])) {
                    cells++;
                    double scale = Math.max(Math.abs(expected[i]), Math.abs(actual[i]));
                    if (Math.abs(expected[i] - actual[i]) <= 1e-6 * scale || expected[i] == actual[i]) {
                        close++;
                    }
                }
            }
        }
        assertThat(nanMismatches).as(name + ": cells NaN on one side only").isEmpty();
        assertThat(cells).as(name + ": cells compared").isPositive();
        assertThat((double) close / cells).as(name + ": share of cells within 1e-6 relative").isGreaterThanOrEqualTo(0.999);
    }
}
