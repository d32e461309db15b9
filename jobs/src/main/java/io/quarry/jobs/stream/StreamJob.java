package io.quarry.jobs.stream;

import io.quarry.connectors.kafka.StreamBar;
import io.quarry.dsl.check.CheckedAlpha;
import io.quarry.dsl.check.Checker;
import io.quarry.dsl.parse.Limits;
import io.quarry.evaluator.weighting.WeightingModel;
import io.quarry.evaluator.weighting.WeightingSpec;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.common.TopicPartition;

/**
 * The streaming job: bars from Kafka, every active alpha's value per bar timestamp and symbol to Kafka,
 * exactly once. See docs/STREAMING.md for the topology and why it is keyed as it is.
 *
 * <pre>
 * bars ─▶ parse ─▶ watermarks ─▶ admission ──(dead letters)───────────────────────────┐
 *                                   │                                                  │
 *                                   ▼ fan out to G alpha groups, keyBy group           │
 * control ─▶ broadcast ──▶ AlphaGroups (IncrementalEvaluator per group) ─(status)──────┤
 *                                   │ values per cross-section                         │
 *                                   ├─▶ one record per symbol ─▶ values KafkaSink      │
 *                                   └─▶ keyBy all: combined signal, live IC ─▶ side KafkaSink
 *                                                              (both exactly once)
 * </pre>
 */
public final class StreamJob {

    /** Flink's default for small jobs; fixed so that the alpha groups' keys spread the same way always. */
    static final int MAX_PARALLELISM = 128;

    private StreamJob() {
    }

    /**
     * The Flink settings the job needs: exactly-once checkpoints, a bounded restart strategy (a job that
     * keeps failing stops instead of retrying forever), no Kryo (every type has a known serializer).
     *
     * @param checkpointDir where checkpoints go ({@code file:///...}, {@code s3://...}); null keeps them in
     *                      the job manager's memory, which holds only small states
     */
    public static Configuration configuration(StreamSettings s, String checkpointDir) {
        Configuration conf = new Configuration();
        if (checkpointDir != null) {
            conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointDir);
        }
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(s.checkpointMs()));
        conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(500));
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        // Chained operators hand each record on without a serializer copy. Safe because no function
        // changes a record it received or emitted (records and arrays are written once, at creation).
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        conf.set(PipelineOptions.AUTO_WATERMARK_INTERVAL, Duration.ofMillis(50));
        return conf;
    }

    /**
     * Adds the job to an environment configured with {@link #configuration}.
     *
     * @throws IllegalArgumentException when the initial alphas have errors or cannot be streamed
     */
    public static void build(StreamExecutionEnvironment env, StreamSettings s) {
        List<CheckedAlpha> initial = AlphaGroups.initialAlphas(s, new Checker(Limits.DEFAULT, s.extraFields()));
        if (s.weightingModel() != null) {
            checkModel(WeightingModel.parse(s.weightingModel(), "the weighting model"), initial);
        }
        env.setParallelism(s.parallelism());
        env.setMaxParallelism(MAX_PARALLELISM);
        Topics topics = s.topics();
        AlphaGroupKeys keys = new AlphaGroupKeys(s.alphaGroups(), s.parallelism(), MAX_PARALLELISM);

        KafkaSourceBuilder<Incoming> barsSource = KafkaSource.<Incoming>builder()
                .setBootstrapServers(s.bootstrap())
                .setTopics(topics.bars())
                .setGroupId(s.transactionalPrefix() + "-bars")
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(new BarDeserializer())
                .setProperty("isolation.level", "read_committed");
        if (s.barsEnd() != null) {
            barsSource.setBounded(OffsetsInitializer.offsets(partitions(topics.bars(), s.barsEnd())));
        }
        KafkaSourceBuilder<ControlRecord> controlSource = KafkaSource.<ControlRecord>builder()
                .setBootstrapServers(s.bootstrap())
                .setTopics(topics.control())
                .setGroupId(s.transactionalPrefix() + "-control")
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(new ControlDeserializer())
                .setProperty("isolation.level", "read_committed");
        if (s.controlEnd() != null) {
            controlSource.setBounded(OffsetsInitializer.offsets(partitions(topics.control(), s.controlEnd())));
        }

        SingleOutputStreamOperator<StreamBar> admitted = env
                .fromSource(barsSource.build(), new BarWatermarks(s.outOfOrdernessMs(), s.idleTimeoutMs()), "bars")
                .uid("bars-source")
                .process(new Admission(topics.bars(), topics.deadLetters(), s.allowedLatenessMs(), s.failAfterBars()))
                .uid("admission").name("admission");
        BroadcastStream<ControlRecord> control = env
                .fromSource(controlSource.build(), new ControlWatermarks(), "control")
                .uid("control-source")
                .broadcast(AlphaGroups.ALPHAS);

        SingleOutputStreamOperator<GroupOutput> values = admitted
                .flatMap(new FanOut(keys)).returns(RoutedSerializer.TYPE).name("fan out to alpha groups")
                .keyBy(Routed::key)
                .connect(control)
                .process(new AlphaGroups(s, keys))
                .returns(TypeInformation.of(GroupOutput.class))
                .uid("alpha-groups").name("alpha groups");

        DataStream<OutRecord> valueRecords = values.flatMap(new ValuesOut(topics.values()))
                .returns(TypeInformation.of(OutRecord.class)).uid("values-out").name("values out");
        DataStream<OutRecord> signal = values.keyBy(o -> 0, TypeInformation.of(Integer.class))
                .process(new SignalStage(s))
                .returns(TypeInformation.of(OutRecord.class)).uid("signal").name("signal and live IC");

        // Two sinks: the values sink has one input and so runs in the values' task (a sink fed by a union
        // runs in a task of its own, and every values record then crossed Flink's network stack to it).
        valueRecords.sinkTo(sink(s, s.transactionalPrefix())).uid("sink").name("values sink");
        signal.union(admitted.getSideOutput(Admission.DEAD_LETTERS), values.getSideOutput(AlphaGroups.STATUS))
                .sinkTo(sink(s, s.transactionalPrefix() + SIDE_SINK_SUFFIX)).uid("side-sink")
                .name("signal, status and dead-letter sink");
    }

    /** What the side sink's transactional ids add to the job's prefix. */
    private static final String SIDE_SINK_SUFFIX = "-side";

    /** An exactly-once sink of records for any output topic. */
    private static KafkaSink<OutRecord> sink(StreamSettings s, String transactionalPrefix) {
        return KafkaSink.<OutRecord>builder()
                .setBootstrapServers(s.bootstrap())
                .setRecordSerializer(new OutSerializer())
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(transactionalPrefix)
                .setProperty("transaction.timeout.ms", String.valueOf(transactionTimeoutMs(s.checkpointMs())))
                .setProperty("batch.size", String.valueOf(SINK_BATCH_BYTES))
                .build();
    }

    /**
     * The sink producer's batch size. Kafka's default, 16 KB, holds about 25 values records (one per
     * symbol and alpha group, ~600 bytes): the producer, the broker's request handlers and its network
     * threads then took ~40% of a 500-symbol x 100-alpha job's CPU in requests; with 1 MB batches it
     * runs 1.3-1.6x faster (docs/PERFORMANCE.md, "Streaming job"). Batches still close at the
     * producer's linger time (5 ms), so latency does not grow.
     */
    private static final int SINK_BATCH_BYTES = 1 << 20;

    /** The longest checkpoint interval {@link #transactionTimeoutMs} allows. */
    public static final long MAX_CHECKPOINT_MS = 300_000;

    /**
     * The sink's Kafka transaction timeout: a transaction stays open from one checkpoint to the next,
     * so the broker must not abort it before the next checkpoint commits it. Three intervals, at least
     * 60 s, and never above 15 minutes, the brokers' default {@code transaction.max.timeout.ms} (the
     * sink's own default is above it, and the job would fail at start).
     *
     * @throws IllegalArgumentException for an interval above {@link #MAX_CHECKPOINT_MS}
     */
    public static long transactionTimeoutMs(long checkpointMs) {
        if (checkpointMs > MAX_CHECKPOINT_MS) {
            throw new IllegalArgumentException("a checkpoint interval of " + checkpointMs + " ms is above the "
                    + MAX_CHECKPOINT_MS + " ms the exactly-once output allows: its Kafka transactions stay open from "
                    + "one checkpoint to the next, and brokers abort them after at most 15 minutes");
        }
        return Math.max(60_000, 3 * checkpointMs);
    }

    /**
     * Refuses a weighting model the job cannot serve: a single-asset model, or one trained on other alphas
     * than the job starts with (by name and canonical formula).
     *
     * @throws IllegalArgumentException naming every missing, extra and changed alpha
     */
    public static void checkModel(WeightingModel model, List<CheckedAlpha> alphas) {
        if (model.spec().mode() != WeightingSpec.Mode.CROSS_SECTIONAL) {
            throw new IllegalArgumentException("the weighting model was trained in " + model.spec().mode().label()
                    + " mode on " + model.spec().symbol() + "; the stream combines cross-sections: train it with "
                    + "--mode cross-sectional");
        }
        model.match(alphas.stream().map(a -> new WeightingModel.Alpha(a.name(), a.canonicalText())).toList(),
                "the weighting model");
    }

    private static Map<TopicPartition, Long> partitions(String topic, Map<Integer, Long> ends) {
        Map<TopicPartition, Long> out = new HashMap<>();
        ends.forEach((p, o) -> out.put(new TopicPartition(topic, p), o));
        return out;
    }
}
