package io.quarry.jobs.stream;

import io.quarry.connectors.kafka.StreamJson;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.accumulators.Histogram;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.accumulators.LongMaximum;
import org.apache.flink.api.common.accumulators.LongMinimum;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.util.Collector;

/**
 * Turns a group's values into one values record per symbol, and measures how long after the watermark
 * passed they are handed to the sink.
 *
 * <p>Metrics (group {@code quarry}): {@code valuesOut} (alpha values), {@code recordsOut}, histogram
 * {@code watermarkToEmitMs}; accumulators {@code alphaValues} and {@code watermarkToEmitMs} (per
 * millisecond counts) for the job's result, and {@code watermarkToEmitMsAfterWarmUp}: the same for
 * the outputs after a subtask's first {@value #WARM_UP_CROSS_SECTIONS} cross-sections, which wait for
 * the JIT to compile the evaluator (300-400 ms for the first, under 100 ms from about the tenth).
 *
 * <p>The steady rate, for the job's result: {@code alphaValuesAfterWarmUp} counts the values emitted
 * after a subtask's first output past the warm-up, {@code firstEmitAfterWarmUpMs} (the earliest such
 * output over the subtasks, wall clock) and {@code lastEmitMs} (the latest output) bound the time
 * they took. A long-running job holds that rate; the whole job's rate also carries the cluster's start
 * and the JIT.
 */
final class ValuesOut extends RichFlatMapFunction<GroupOutput, OutRecord> {

    private static final long serialVersionUID = 1L;

    static final String VALUES_ACCUMULATOR = "alphaValues";
    static final String LATENCY_ACCUMULATOR = "watermarkToEmitMs";
    static final String WARM_LATENCY_ACCUMULATOR = "watermarkToEmitMsAfterWarmUp";
    static final String WARM_VALUES_ACCUMULATOR = "alphaValuesAfterWarmUp";
    static final String WARM_START_ACCUMULATOR = "firstEmitAfterWarmUpMs";
    static final String LAST_EMIT_ACCUMULATOR = "lastEmitMs";
    static final int WARM_UP_CROSS_SECTIONS = 10;

    private final String topic;
    private transient Counter valuesOut;
    private transient Counter recordsOut;
    private transient org.apache.flink.metrics.Histogram latency;
    private transient LongCounter values;
    private transient Histogram latencies;
    private transient Histogram warmLatencies;
    private transient LongCounter warmValues;
    private transient LongMinimum warmStart;
    private transient LongMaximum lastEmit;
    private transient boolean warm;
    /** Cross-sections this subtask has emitted so far, counted when the timestamp changes. */
    private transient int crossSections;
    private transient String lastTime;
    private transient StreamJson.ValuesWriter records;

    ValuesOut(String topic) {
        this.topic = topic;
    }

    @Override
    public void open(OpenContext context) {
        MetricGroup metrics = getRuntimeContext().getMetricGroup().addGroup("quarry");
        valuesOut = metrics.counter("valuesOut");
        recordsOut = metrics.counter("recordsOut");
        latency = metrics.histogram(LATENCY_ACCUMULATOR, new DescriptiveStatisticsHistogram(10_000));
        records = new StreamJson.ValuesWriter();
        values = new LongCounter();
        latencies = new Histogram();
        warmLatencies = new Histogram();
        getRuntimeContext().addAccumulator(VALUES_ACCUMULATOR, values);
        getRuntimeContext().addAccumulator(LATENCY_ACCUMULATOR, latencies);
        getRuntimeContext().addAccumulator(WARM_LATENCY_ACCUMULATOR, warmLatencies);
        warmValues = new LongCounter();
        warmStart = new LongMinimum();
        lastEmit = new LongMaximum();
        getRuntimeContext().addAccumulator(WARM_VALUES_ACCUMULATOR, warmValues);
        getRuntimeContext().addAccumulator(WARM_START_ACCUMULATOR, warmStart);
        getRuntimeContext().addAccumulator(LAST_EMIT_ACCUMULATOR, lastEmit);
    }

    @Override
    public void flatMap(GroupOutput o, Collector<OutRecord> out) {
        int n = o.symbols().length;
        int a = o.alphas().length;
        for (int s = 0; s < n; s++) {
            // Alpha i of symbol s is values[i * n + s].
            byte[] value = records.write(o.time(), o.symbols()[s], o.alphas(), o.values(), s, n);
            out.collect(new OutRecord(topic, o.symbols()[s].getBytes(StandardCharsets.UTF_8), value));
        }
        long now = System.currentTimeMillis();
        long ms = now - o.firedAt();
        latency.update(ms);
        latencies.add((int) Math.min(Integer.MAX_VALUE, ms));
        if (!o.time().equals(lastTime)) {
            lastTime = o.time();
            crossSections++;
        }
        if (crossSections > WARM_UP_CROSS_SECTIONS) {
            warmLatencies.add((int) Math.min(Integer.MAX_VALUE, ms));
            if (warm) {
                warmValues.add((long) n * a);
            } else {
                // The steady window opens with this output: the values after it took the time after it.
                warm = true;
                warmStart.add(now);
            }
            lastEmit.add(now);
        }
        values.add((long) n * a);
        valuesOut.inc((long) n * a);
        recordsOut.inc(n);
    }
}
