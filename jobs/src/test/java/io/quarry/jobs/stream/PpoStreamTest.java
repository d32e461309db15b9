package io.quarry.jobs.stream;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.quarry.connectors.BarsReader;
import io.quarry.connectors.GroupsReader;
import io.quarry.connectors.kafka.BarsReplay;
import io.quarry.connectors.kafka.EmbeddedKafka;
import io.quarry.connectors.kafka.StreamJson;
import io.quarry.connectors.kafka.TopicReader;
import io.quarry.dsl.check.CheckedAlpha;
import io.quarry.dsl.check.Checker;
import io.quarry.dsl.eval.BatchEvaluator;
import io.quarry.dsl.eval.Evaluation;
import io.quarry.dsl.panel.Groups;
import io.quarry.dsl.panel.Panel;
import io.quarry.dsl.parse.Limits;
import io.quarry.dsl.parse.Source;
import io.quarry.evaluator.weighting.TrainingPlan;
import io.quarry.evaluator.weighting.WeightingModel;
import io.quarry.evaluator.weighting.WeightingRun;
import io.quarry.evaluator.weighting.WeightingSpec;
import io.quarry.evaluator.weighting.WeightingTrainer;
import io.quarry.jobs.cli.QuarryCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --combine ppo} in the streaming job: a tiny PPO model trained on the bundled sample weights four
 * alphas in the job (through a forced failure and a restart from a checkpoint), and what the signal and
 * weights topics hold (read_committed) equals the offline {@link WeightingRun} over the same rows, the
 * independent reference the backtest uses.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PpoStreamTest {

    private static final int PARALLELISM = 2;
    private static final List<String> NAMES = List.of("wq101_035", "wq101_047", "wq101_084", "wq101_005");

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(PARALLELISM).build());

    @TempDir
    static Path dir;

    private static EmbeddedKafka kafka;
    private static Panel panel;
    private static List<CheckedAlpha> alphas;
    private static List<double[]> values;
    private static Path modelFile;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start();
        Groups groups = GroupsReader.read(Path.of("../data/sample/sectors.csv"));
        panel = BarsReader.read(Path.of("../data/sample/bars.csv.gz"), groups);
        String text = Files.readString(Path.of("../alphas/wq10_ppo.alpha"));
        alphas = new Checker(Limits.DEFAULT, panel.fieldNames()).check(new Source("wq10_ppo.alpha", text)).orThrow()
                .stream().filter(a -> NAMES.contains(a.name())).toList();
        assertThat(alphas).extracting(CheckedAlpha::name).containsExactlyInAnyOrderElementsOf(NAMES);
        Evaluation batch = new BatchEvaluator().evaluate(panel, alphas);
        values = alphas.stream().map(a -> batch.values(a.name())).toList();
        int trainEnd = panel.rows() / 2;
        WeightingModel model = WeightingTrainer.train(WeightingSpec.crossSectional(), panel, "sample",
                alphas.stream().map(a -> new WeightingModel.Alpha(a.name(), a.canonicalText())).toList(), values,
                trainEnd, trainEnd, TrainingPlan.defaults(5).withIterations(2), null);
        modelFile = dir.resolve("tiny.model");
        model.write(modelFile);
    }

    @AfterAll
    static void stop() throws Exception {
        kafka.close();
    }

    @Test
    void streamedSignalAndWeightsEqualTheOfflineRunThroughAFailure() throws Exception {
        WeightingModel model = WeightingModel.read(modelFile);
        WeightingRun reference = WeightingRun.over(model, panel, values);

        int rows = panel.rows();
        int partitions = 2;
        Topics topics = Topics.withPrefix("ppo");
        Map<String, Integer> created = new HashMap<>();
        topics.all().forEach(t -> created.put(t, t.equals(topics.bars()) ? partitions : 1));
        kafka.createTopics(created);
        long bars = BarsReplay.counts(panel, 0, rows, 1).get(0);
        // Initial alphas in another order than the model's: the stage matches them by name.
        List<CheckedAlpha> reversed = new ArrayList<>(alphas);
        java.util.Collections.reverse(reversed);
        StreamSettings s = StreamSettings.defaults(kafka.bootstrapServers(), topics)
                .withParallelism(4, PARALLELISM)
                .withTiming(0, 0, 0, 300)
                .withEvaluation(300, 20, Map.of(), 0, Set.of())
                .withEnds(BarsReplay.counts(panel, 0, rows, partitions), Map.of(0, 0L))
                .withInitialAlphas(reversed.stream().map(CheckedAlpha::toDefinitionLine).collect(Collectors.joining("\n")))
                .withRecoveryDrill("ppo-tx", bars / 2)
                .withWeightingModel(Files.readString(modelFile));

        long start = System.nanoTime();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(StreamJob.configuration(s, null));
        StreamJob.build(env, s);
        JobClient job = env.executeAsync("quarry-ppo-stream-test");
        new BarsReplay(kafka.bootstrapServers(), topics.bars(), partitions).replay(panel, 0, rows, row -> Thread.sleep(4));
        job.getJobExecutionResult().get(150, TimeUnit.SECONDS);
        System.out.printf("PPO stream over %d rows: %.1f s%n", rows, (System.nanoTime() - start) / 1e9);

        // The combined signal: one record per bar, exactly once, equal to the offline run's.
        List<String> dates = panel.timestamps();
        Map<String, Double> signal = new HashMap<>();
        for (byte[] raw : TopicReader.readAll(kafka.bootstrapServers(), topics.signal())) {
            StreamJson.Values v = StreamJson.values(raw);
            assertThat(signal.put(v.time() + " " + v.symbol(), v.values()[0])).as("duplicate").isNull();
        }
        assertThat(signal).hasSize((int) bars);
        int defined = 0;
        for (Map.Entry<String, Double> e : signal.entrySet()) {
            String[] key = e.getKey().split(" ");
            int t = dates.indexOf(key[0]);
            int symbol = panel.symbols().indexOf(key[1]);
            double expected = reference.combined()[symbol * rows + t];
            if (Double.isNaN(expected)) {
                assertThat(e.getValue()).as(e.getKey()).isNaN();
            } else {
                defined++;
                assertThat(e.getValue()).as(e.getKey()).isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-9));
            }
        }
        assertThat(defined).isGreaterThan((int) bars / 2);

        // The weights: one record per timestamp from the policy's first day, in the model's order.
        Map<String, double[]> weights = new HashMap<>();
        for (byte[] raw : TopicReader.readAll(kafka.bootstrapServers(), topics.weights())) {
            JsonObject o = JsonParser.parseString(new String(raw, StandardCharsets.UTF_8)).getAsJsonObject();
            assertThat(o.get("v").getAsInt()).isEqualTo(1);
            JsonObject w = o.getAsJsonObject("weights");
            assertThat(w.keySet()).containsExactlyElementsOf(model.names());
            double[] row = model.names().stream().mapToDouble(n -> w.get(n).getAsDouble()).toArray();
            assertThat(weights.put(o.get("time").getAsString(), row)).as("duplicate").isNull();
        }
        int policyDays = 0;
        for (int t = 0; t < rows; t++) {
            double[] expected = reference.weights()[t];
            if (expected == null) {
                assertThat(weights).doesNotContainKey(dates.get(t));
                continue;
            }
            policyDays++;
            double[] got = weights.get(dates.get(t));
            assertThat(got).as(dates.get(t)).isNotNull();
            for (int a = 0; a < expected.length; a++) {
                assertThat(got[a]).as(dates.get(t)).isCloseTo(expected[a], org.assertj.core.data.Offset.offset(1e-9));
            }
        }
        assertThat(weights).hasSize(policyDays);
        assertThat(policyDays).isEqualTo(rows - 20);
    }

    @Test
    void aModelOfOtherAlphasIsRefusedBeforeTheJobStarts() throws Exception {
        Path other = dir.resolve("other.alpha");
        Files.writeString(other, alphas.get(0).toDefinitionLine() + "\n" + alphas.get(1).toDefinitionLine() + "\n"
                + "alpha extra1 = rank(close)\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = QuarryCli.run(new String[] {"stream", "--embedded", "--replay", "../data/sample/bars.csv.gz",
                "--alphas", other.toString(), "--combine", "ppo", "--model", modelFile.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String message = err.toString(StandardCharsets.UTF_8);
        assertThat(code).as(message).isEqualTo(2);
        List<String> missing = alphas.stream().skip(2).map(CheckedAlpha::name).toList();
        assertThat(message).contains("missing here: " + String.join(", ", missing)).contains("not in the model: extra1");
    }
}
