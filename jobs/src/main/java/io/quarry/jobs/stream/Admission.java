package io.quarry.jobs.stream;

import io.quarry.connectors.kafka.RejectedRecord;
import io.quarry.connectors.kafka.StreamBar;
import io.quarry.connectors.kafka.StreamJson;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Lets valid, timely bars through and sends everything else to the dead-letter side output with the
 * reason and the raw record. A bar is late when the watermark has already passed its timestamp plus
 * the allowed lateness: its cross-section has been evaluated, so it can no longer count.
 *
 * <p>Metrics (group {@code quarry}): {@code barsIn}, {@code deadLetters} and one counter per reason
 * ({@code deadLetters_BAD_VALUE}, ...).
 */
final class Admission extends ProcessFunction<Incoming, StreamBar> {

    private static final long serialVersionUID = 1L;

    static final OutputTag<OutRecord> DEAD_LETTERS = new OutputTag<>("dead-letters") {
        private static final long serialVersionUID = 1L;
    };

    private final String barsTopic;
    private final String deadLetterTopic;
    private final long allowedLatenessMs;
    private final long failAfterBars;
    private transient Counter barsIn;
    private transient Counter deadLetters;
    private transient Map<RejectedRecord.Reason, Counter> byReason;
    private transient long seen;

    Admission(String barsTopic, String deadLetterTopic, long allowedLatenessMs, long failAfterBars) {
        this.barsTopic = barsTopic;
        this.deadLetterTopic = deadLetterTopic;
        this.allowedLatenessMs = allowedLatenessMs;
        this.failAfterBars = failAfterBars;
    }

    @Override
    public void open(OpenContext context) {
        MetricGroup metrics = getRuntimeContext().getMetricGroup().addGroup("quarry");
        barsIn = metrics.counter("barsIn");
        deadLetters = metrics.counter("deadLetters");
        byReason = new EnumMap<>(RejectedRecord.Reason.class);
        for (RejectedRecord.Reason r : RejectedRecord.Reason.values()) {
            byReason.put(r, metrics.counter("deadLetters_" + r.name()));
        }
    }

    @Override
    public void processElement(Incoming in, Context ctx, Collector<StreamBar> out) {
        if (in.bar() == null) {
            reject(ctx, in, RejectedRecord.Reason.valueOf(in.reason()), in.message(), in.raw());
            return;
        }
        StreamBar bar = in.bar();
        long watermark = ctx.timerService().currentWatermark();
        if (watermark != Long.MIN_VALUE && bar.eventTime() + allowedLatenessMs <= watermark) {
            reject(ctx, in, RejectedRecord.Reason.LATE, "bar of " + bar.symbol() + " at " + bar.time()
                    + " arrived after its cross-section was evaluated", null);
            return;
        }
        seen++;
        // A recovery drill: the first attempt of this subtask fails once; the retry must lose nothing.
        if (failAfterBars > 0 && seen == failAfterBars && getRuntimeContext().getTaskInfo().getAttemptNumber() == 0) {
            throw new IllegalStateException("recovery drill: failing after " + seen + " bars");
        }
        barsIn.inc();
        out.collect(bar);
    }

    private void reject(Context ctx, Incoming in, RejectedRecord.Reason reason, String message, String raw) {
        deadLetters.inc();
        byReason.get(reason).inc();
        String text = raw != null ? raw : new String(io.quarry.connectors.kafka.BarJson.encode(in.bar().time(),
                in.bar().symbol(), in.bar().fields(), in.bar().values()), StandardCharsets.UTF_8);
        byte[] value = StreamJson.deadLetter(new StreamJson.DeadLetter(reason.name(), message, barsTopic,
                in.partition(), in.offset(), text));
        String key = in.bar() != null ? in.bar().symbol() : barsTopic + "@" + in.partition();
        ctx.output(DEAD_LETTERS, new OutRecord(deadLetterTopic, key.getBytes(StandardCharsets.UTF_8), value));
    }
}
