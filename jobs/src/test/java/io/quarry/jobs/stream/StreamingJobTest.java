package io.quarry.jobs.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.connectors.kafka.BarsReplay;
import io.quarry.connectors.kafka.ControlTopic;
import io.quarry.connectors.kafka.EmbeddedKafka;
import io.quarry.connectors.kafka.StreamJson;
import io.quarry.connectors.kafka.TopicReader;
import io.quarry.connectors.kafka.ValuesReadBack;
import io.quarry.dsl.check.CheckedAlpha;
import io.quarry.dsl.check.CheckedFile;
import io.quarry.dsl.check.Checker;
import io.quarry.dsl.eval.BatchEvaluator;
import io.quarry.dsl.eval.Evaluation;
import io.quarry.dsl.panel.Panel;
import io.quarry.dsl.parse.Limits;
import io.quarry.dsl.parse.Source;
import io.quarry.jobs.testing.SampleMarket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobID;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The streaming job end to end: a real in-JVM Kafka broker, a real Flink mini-cluster, the bundled
 * sample market replayed through them, and what the output topics hold (read_committed) compared with
 * the batch evaluator, the independent reference.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class StreamingJobTest {

    private static final int PARALLELISM = 2;

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

    private static StreamSettings settings(String prefix, int partitions) throws Exception {
        Topics topics = SampleMarket.createTopics(kafka, prefix, partitions);
        return StreamSettings.defaults(kafka.bootstrapServers(), topics)
                .withParallelism(4, PARALLELISM)
                .withTiming(0, 0, 0, 300)
                .withEvaluation(300, 20, sectors, 1, Set.of());
    }

    private static List<CheckedAlpha> check(String name, String text) {
        CheckedFile file = new Checker(Limits.DEFAULT, panel.fieldNames()).check(new Source(name, text));
        return file.orThrow();
    }

    /** Runs the job, lets {@code feed} produce its input, and waits for the job to end. */
    private static JobID run(StreamSettings s, ThrowingRunnable feed) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(StreamJob.configuration(s, null));
        StreamJob.build(env, s);
        JobClient job = env.executeAsync("quarry-stream-test");
        feed.run();
        job.getJobExecutionResult().get(180, TimeUnit.SECONDS);
        return job.getJobID();
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void streamedValuesEqualBatchExactlyOnceThroughAFailure(@InjectMiniCluster MiniCluster cluster) throws Exception {
        String text = Files.readString(Path.of("../alphas/wq101.alpha"));
        List<CheckedAlpha> alphas = check("wq101.alpha", text).stream()
                .filter(a -> Streamable.problem(a, Set.of(), 300).isEmpty()).toList();
        assertThat(alphas.size()).isGreaterThan(90);
        String streamable = alphas.stream().map(CheckedAlpha::toDefinitionLine).collect(Collectors.joining("\n"));
        int rows = panel.rows();
        StreamSettings s = settings("eq", 2)
                .withEnds(BarsReplay.counts(panel, 0, rows, 2), Map.of(0, 0L))
                .withInitialAlphas(streamable)
                .withRecoveryDrill("eq-tx", 5_000);

        JobID id = run(s, () -> new BarsReplay(kafka.bootstrapServers(), s.topics().bars(), 2)
                .replay(panel, 0, rows, row -> Thread.sleep(4)));

        // The drill fired: the operators run in a second attempt.
        assertThat(cluster.getExecutionGraph(id).get().getAllExecutionVertices())
                .extracting(AccessExecutionVertex::getCurrentExecutionAttempt)
                .allSatisfy(attempt -> assertThat(attempt.getAttemptNumber()).isGreaterThanOrEqualTo(1));
        List<String> names = alphas.stream().map(CheckedAlpha::name).toList();
        ValuesReadBack back = ValuesReadBack.of(panel, names, TopicReader.readAll(kafka.bootstrapServers(), s.topics().values()));
        long bars = BarsReplay.counts(panel, 0, rows, 1).get(0);
        assertThat(back.duplicates()).isZero();
        assertThat(back.outside()).isZero();
        assertThat(back.values()).isEqualTo(bars * alphas.size());
        assertThat(back.alphas()).containsExactlyElementsOf(names);

        Evaluation batch = new BatchEvaluator().evaluate(panel, alphas);
        assertEqualsBatch(back, batch, names, t -> true);

        // The combined signal and the live IC came through as well, once per cross-section.
        assertThat(TopicReader.readAll(kafka.bootstrapServers(), s.topics().signal())).hasSize((int) bars);
        List<StreamJson.Ic> ics = TopicReader.readAll(kafka.bootstrapServers(), s.topics().ic()).stream()
                .map(StreamJson::ic).toList();
        assertThat(ics).hasSize((rows - 1) * alphas.size());
        assertThat(ics.stream().filter(ic -> ic.count() == 20)).isNotEmpty();
    }

    /**
     * A job started over a bars topic that already holds a backlog (its partitions read by different
     * subtasks, which get going at different moments) still evaluates every bar of every cross-section.
     */
    @Test
    void aJobStartedOverABacklogEvaluatesEveryBar() throws Exception {
        String text = "alpha mom5 = rank(delta(close, 5))\nalpha volrank = ts_rank(volume, 10)\n";
        List<CheckedAlpha> alphas = check("backlog.alpha", text);
        List<String> names = alphas.stream().map(CheckedAlpha::name).toList();
        int rows = 120;
        StreamSettings s = settings("backlog", 2)
                .withTiming(0, 0, 30_000, 300)
                .withEnds(BarsReplay.counts(panel, 0, rows, 2), Map.of(0, 0L))
                .withInitialAlphas(text);
        new BarsReplay(kafka.bootstrapServers(), s.topics().bars(), 2).replay(panel, 0, rows, null);

        run(s, () -> { });

        ValuesReadBack back = ValuesReadBack.of(panel, names, TopicReader.readAll(kafka.bootstrapServers(), s.topics().values()));
        assertThat(back.duplicates()).isZero();
        assertThat(back.values()).isEqualTo(BarsReplay.counts(panel, 0, rows, 1).get(0) * names.size());
        assertEqualsBatch(back, new BatchEvaluator().evaluate(panel, alphas), names, t -> t < rows);
    }

    @Test
    void alphasComeAndGoMidStreamBadInputIsRefusedAndTheJobKeepsRunning() throws Exception {
        int rows = 160;
        int partitions = 2;
        String bootstrap = kafka.bootstrapServers();
        List<CheckedAlpha> first = check("first.alpha", """
                alpha mom5 = rank(delta(close, 5))
                alpha volrank = ts_rank(volume, 10)
                """);
        List<CheckedAlpha> later = check("later.alpha", """
                alpha sectorcorr = indneutralize(correlation(close, volume, 15), IndClass.sector)
                alpha volrank = -ts_rank(volume, 12)
                """);
        // Refused bars, each with its reason; the late one belongs to a cross-section long evaluated.
        String early = panel.timestamps().get(5);
        Map<String, String> bad = new TreeMap<>(Map.of(
                "A", "{\"v\":1,\"time\":\"" + early + "\",\"symbol\":\"A\",\"close\":10}",
                "B1", "{not json",
                "B2", "{\"v\":1,\"time\":\"2016-01-04\",\"symbol\":\"B2\",\"close\":10,\"colse\":1}",
                "B3", "{\"v\":1,\"time\":\"2016-01-04\",\"symbol\":\"B3\"}",
                "B4", "{\"v\":1,\"time\":\"2016-01-04\",\"symbol\":\"B4\",\"close\":-1}",
                "B5", "{\"v\":1,\"time\":\"2016-01-04\",\"symbol\":\"B5\",\"close\":null}"));
        Map<Integer, Long> ends = new TreeMap<>(BarsReplay.counts(panel, 0, rows, partitions));
        bad.keySet().forEach(k -> ends.merge(BarsReplay.partition(k, partitions), 1L, Long::sum));
        StreamSettings s = settings("ctl", partitions).withEnds(ends, Map.of(0, 3L)).withRecoveryDrill("ctl-tx", 0)
                .withInitialAlphas("alpha mom5 = rank(delta(close, 5))\nalpha volrank = ts_rank(volume, 10)\n");
        String control = s.topics().control();

        run(s, () -> new BarsReplay(bootstrap, s.topics().bars(), partitions).replay(panel, 0, rows, row -> {
            if (row == 40) {
                // The late bar must reach the job after the watermark passed its row: on a loaded
                // machine the job may still be behind the replay, so wait for committed values past it.
                awaitValuesAfter(s, 5);
                for (Map.Entry<String, String> e : bad.entrySet()) {
                    ControlTopic.sendRaw(bootstrap, s.topics().bars(), e.getKey(), e.getValue().getBytes(StandardCharsets.UTF_8));
                }
                ControlTopic.submit(bootstrap, control, "broken.alpha", "alpha ok = rank(close)\nalpha bad = rank(clse)\n");
                awaitStatus(s, 1);
            } else if (row == 70) {
                ControlTopic.submit(bootstrap, control, "later.alpha", """
                        alpha sectorcorr = indneutralize(correlation(close, volume, 15), IndClass.sector)
                        alpha volrank = -ts_rank(volume, 12)
                        """);
                awaitStatus(s, 2);
            } else if (row == 110) {
                ControlTopic.remove(bootstrap, control, "cli", List.of("mom5"));
                awaitStatus(s, 3);
            }
        }));

        List<StreamJson.Status> status = TopicReader.readAll(bootstrap, s.topics().status()).stream()
                .map(StreamJson::status).toList();
        assertThat(status).extracting(StreamJson.Status::status).containsExactly("rejected", "accepted", "removed");
        assertThat(status.get(0).errors()).singleElement().asString()
                .startsWith("broken.alpha:2:18: unknown field 'clse'").contains("^");
        assertThat(status.get(1).alphas()).containsExactly("sectorcorr", "volrank");

        List<StreamJson.DeadLetter> dead = TopicReader.readAll(bootstrap, s.topics().deadLetters()).stream()
                .map(StreamJson::deadLetter).toList();
        assertThat(dead).extracting(StreamJson.DeadLetter::reason).containsExactlyInAnyOrder(
                "LATE", "UNPARSEABLE", "UNKNOWN_FIELD", "MISSING_FIELD", "BAD_VALUE", "BAD_VALUE");
        assertThat(dead).extracting(StreamJson.DeadLetter::raw).contains("{not json");

        List<byte[]> raw = TopicReader.readAll(bootstrap, s.topics().values());
        ValuesReadBack back = ValuesReadBack.of(panel, List.of(), raw);
        assertThat(back.duplicates()).isZero();
        // Each alpha's rows: mom5 from the start until its removal, sectorcorr from its submission on,
        // volrank throughout (first formula, then the replacement): each equal to batch where present.
        int[] mom5 = receivedRows(raw, "mom5");
        int[] sectorcorr = receivedRows(raw, "sectorcorr");
        // A control message takes effect at the first cross-section the job completes after it: never
        // later than the replay's position when it was sent (plus the watermark's row), earlier when
        // the job lags behind the replay, as on a loaded machine.
        assertThat(mom5[0]).isZero();
        assertThat(sectorcorr[0]).isBetween(1, 72);
        assertThat(mom5[1]).isBetween(sectorcorr[0] + 1, 112);
        assertThat(sectorcorr[1]).isEqualTo(rows);
        assertThat(receivedRows(raw, "volrank")).containsExactly(0, rows);
        Evaluation firstBatch = new BatchEvaluator().evaluate(panel, first);
        Evaluation laterBatch = new BatchEvaluator().evaluate(panel, later);
        assertEqualsBatch(back, firstBatch, List.of("mom5"), t -> t < mom5[1]);
        assertEqualsBatch(back, laterBatch, List.of("sectorcorr"), t -> t >= sectorcorr[0] && t < rows);
        // volrank switches formula once, within the same bounds. Its group may sit on another subtask
        // than sectorcorr's and see the control message a cross-section earlier or later; the
        // replacement is negative where the first formula is positive, which locates the switch.
        int switchRow = firstRowWithNegative(back, "volrank");
        assertThat(switchRow).isBetween(1, 72);
        assertEqualsBatch(back, firstBatch, List.of("volrank"), t -> t < switchRow);
        assertEqualsBatch(back, laterBatch, List.of("volrank"), t -> t >= switchRow && t < rows);
        // The first values of the alpha added mid-stream are already defined: it warmed up.
        int t0 = sectorcorr[0];
        long defined = java.util.stream.IntStream.range(0, panel.symbolCount())
                .filter(sym -> !Double.isNaN(back.columns().get(back.alphas().indexOf("sectorcorr"))[sym * panel.rows() + t0]))
                .count();
        assertThat(defined).isGreaterThan(panel.symbolCount() / 2);
    }

    /** Waits until the values topic holds committed values of a row after {@code row}. */
    private static void awaitValuesAfter(StreamSettings s, int row) throws InterruptedException {
        String time = panel.timestamps().get(row);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (TopicReader.readAll(kafka.bootstrapServers(), s.topics().values()).stream()
                .noneMatch(r -> StreamJson.values(r).time().compareTo(time) > 0)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no committed values after " + time + " within 60 s");
            }
            Thread.sleep(100);
        }
    }

    /** Waits until the status topic holds {@code n} committed records. */
    private static void awaitStatus(StreamSettings s, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (TopicReader.readAll(kafka.bootstrapServers(), s.topics().status()).size() < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no status record " + n + " within 60 s");
            }
            Thread.sleep(100);
        }
    }

    /** The first row at which any of the alpha's values is negative. */
    private static int firstRowWithNegative(ValuesReadBack back, String alpha) {
        double[] column = back.columns().get(back.alphas().indexOf(alpha));
        for (int t = 0; t < panel.rows(); t++) {
            for (int sym = 0; sym < panel.symbolCount(); sym++) {
                if (column[sym * panel.rows() + t] < 0) {
                    return t;
                }
            }
        }
        return panel.rows();
    }

    /** The first row for which the alpha's values arrived, and the row after the last. */
    private static int[] receivedRows(List<byte[]> raw, String alpha) {
        int firstRow = Integer.MAX_VALUE;
        int lastRow = -1;
        for (byte[] r : raw) {
            StreamJson.Values v = StreamJson.values(r);
            if (List.of(v.alphas()).contains(alpha)) {
                int t = panel.timestamps().indexOf(v.time());
                firstRow = Math.min(firstRow, t);
                lastRow = Math.max(lastRow, t);
            }
        }
        return new int[] {firstRow, lastRow + 1};
    }

    /**
     * The stream's values equal batch on the rows chosen: NaN in the same cells, and within 1e-6
     * relative on at least 99.9% of the others.
     */
    private static void assertEqualsBatch(ValuesReadBack back, Evaluation batch, List<String> names, Predicate<Integer> rows) {
        long cells = 0;
        long close = 0;
        List<String> nanMismatches = new ArrayList<>();
        for (String name : names) {
            double[] expected = batch.values(name);
            double[] actual = back.columns().get(back.alphas().indexOf(name));
            for (int t = 0; t < panel.rows(); t++) {
                if (!rows.test(t)) {
                    continue;
                }
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
        }
        assertThat(nanMismatches).as("cells NaN on one side only").isEmpty();
        assertThat(cells).isPositive();
        assertThat((double) close / cells).as("share of cells within 1e-6 relative").isGreaterThanOrEqualTo(0.999);
    }
}
