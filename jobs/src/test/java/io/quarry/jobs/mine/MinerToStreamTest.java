package io.quarry.jobs.mine;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.connectors.kafka.BarsReplay;
import io.quarry.connectors.kafka.EmbeddedKafka;
import io.quarry.connectors.kafka.StreamJson;
import io.quarry.connectors.kafka.TopicReader;
import io.quarry.connectors.kafka.ValuesReadBack;
import io.quarry.dsl.check.CheckedAlpha;
import io.quarry.dsl.check.Checker;
import io.quarry.dsl.eval.BatchEvaluator;
import io.quarry.dsl.eval.Evaluation;
import io.quarry.dsl.panel.Panel;
import io.quarry.dsl.parse.Limits;
import io.quarry.dsl.parse.Source;
import io.quarry.jobs.stream.StreamJob;
import io.quarry.jobs.stream.StreamSettings;
import io.quarry.jobs.stream.Topics;
import io.quarry.jobs.testing.SampleMarket;
import io.quarry.miner.MinerConfig;
import io.quarry.miner.Vocabulary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Miner to stream, end to end on the in-JVM broker and one Flink mini-cluster: a streaming job runs
 * over the sample market, a mining job publishes its pool to the stream's control topic midway, and
 * the stream's values topic carries the mined alphas' values, equal to batch bit for bit, from the
 * first cross-section each was emitted for to the end.
 */
class MinerToStreamTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

    private static final int PARTITIONS = 2;

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
    void aRunningStreamEvaluatesWhatTheMiningJobPublishes() throws Exception {
        String bootstrap = kafka.bootstrapServers();
        Topics topics = SampleMarket.createTopics(kafka, "mined", PARTITIONS);
        int rows = panel.rows();
        // The control topic stays open (how many messages the miner sends is its business): the job
        // is cancelled once the last cross-section's values are committed.
        StreamSettings stream = StreamSettings.defaults(bootstrap, topics)
                .withParallelism(2, 2)
                .withTiming(0, 0, 0, 300)
                .withEvaluation(300, 20, sectors, 1, Set.of())
                .withEnds(BarsReplay.counts(panel, 0, rows, PARTITIONS), null)
                .withInitialAlphas("alpha mom5 = rank(delta(close, 5))\n");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(StreamJob.configuration(stream, null));
        StreamJob.build(env, stream);
        JobClient job = env.executeAsync("quarry-stream-mined");
        try {
            BarsReplay replay = new BarsReplay(bootstrap, topics.bars(), PARTITIONS);
            int half = rows / 2;
            replay.replay(panel, 0, half, null);
            awaitValues(topics, panel.timestamps().get(half / 2), "mom5");

            MiningSettings mining = new MiningSettings(SampleMarket.BARS.toAbsolutePath().toString(),
                    SampleMarket.SECTORS.toAbsolutePath().toString(), "2015-06-30", "2015-12-31", null, MinerConfig.Method.MCTS,
                    200, 4, 7, 2, new MiningSettings.Publish(bootstrap, topics.control(), "mined.alpha"), null, null, Vocabulary.FIELDS, Vocabulary.WINDOWS);
            List<String> changes = new ArrayList<>();
            PoolEvent result = MiningJob.run(mining, changes::add);
            int messages = TopicReader.readAll(bootstrap, topics.control()).size();
            assertThat(messages).as("one message per pool change, then the final pool and the removals")
                    .isGreaterThan(1);
            awaitStatus(topics, messages);
            List<StreamJson.Status> status = TopicReader.readAll(bootstrap, topics.status()).stream()
                    .map(StreamJson::status).toList();
            assertThat(status).allSatisfy(s -> assertThat(s.status()).as(s.errors().toString()).isIn("accepted", "removed"));

            replay.replay(panel, half, rows, null);
            List<CheckedAlpha> mined = new Checker(Limits.DEFAULT, panel.fieldNames())
                    .check(new Source("mined.alpha", result.alphaFile())).orThrow();
            assertThat(mined).isNotEmpty();
            String last = panel.timestamps().get(rows - 1);
            for (CheckedAlpha a : mined) {
                awaitValues(topics, last, a.name());
            }
            job.cancel().get(30, TimeUnit.SECONDS);

            List<byte[]> raw = TopicReader.readAll(bootstrap, topics.values());
            ValuesReadBack back = ValuesReadBack.of(panel, List.of(), raw);
            assertThat(back.duplicates()).isZero();
            Evaluation batch = new BatchEvaluator().evaluate(panel, mined);
            for (CheckedAlpha a : mined) {
                int first = firstRow(raw, a.name());
                assertThat(first).as(a.name() + " arrived after the stream started").isBetween(1, rows - 1);
                double[] expected = batch.values(a.name());
                double[] actual = back.columns().get(back.alphas().indexOf(a.name()));
                int defined = 0;
                for (int t = first; t < rows; t++) {
                    for (int s = 0; s < panel.symbolCount(); s++) {
                        if (!panel.hasBar(t, s)) {
                            continue;
                        }
                        int cell = s * rows + t;
                        assertThat(Double.doubleToLongBits(actual[cell]))
                                .as("%s at %s/%s: stream %s, batch %s", a.name(), panel.timestamps().get(t),
                                        panel.symbols().get(s), actual[cell], expected[cell])
                                .isEqualTo(Double.doubleToLongBits(expected[cell]));
                        defined += t == first && !Double.isNaN(actual[cell]) ? 1 : 0;
                    }
                }
                assertThat(defined).as(a.name() + " warmed up: defined at its first cross-section").isPositive();
            }
        } finally {
            if (!job.getJobStatus().get().isGloballyTerminalState()) {
                job.cancel().get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static int firstRow(List<byte[]> raw, String alpha) {
        int first = Integer.MAX_VALUE;
        for (byte[] r : raw) {
            StreamJson.Values v = StreamJson.values(r);
            if (List.of(v.alphas()).contains(alpha)) {
                first = Math.min(first, panel.timestamps().indexOf(v.time()));
            }
        }
        return first;
    }

    /** Waits until the values topic holds committed values of {@code alpha} at {@code time}. */
    private static void awaitValues(Topics topics, String time, String alpha) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (TopicReader.readAll(kafka.bootstrapServers(), topics.values()).stream().map(StreamJson::values)
                .noneMatch(v -> v.time().equals(time) && List.of(v.alphas()).contains(alpha))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no committed values of " + alpha + " at " + time + " within 120 s");
            }
            Thread.sleep(200);
        }
    }

    /** Waits until the status topic holds {@code n} committed records. */
    private static void awaitStatus(Topics topics, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (TopicReader.readAll(kafka.bootstrapServers(), topics.status()).size() < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no status record " + n + " within 60 s");
            }
            Thread.sleep(200);
        }
    }
}
