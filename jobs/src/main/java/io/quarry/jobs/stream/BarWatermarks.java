package io.quarry.jobs.stream;

import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.TimestampAssignerSupplier;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Event time of the bars topic, per partition: the watermark trails the newest bar by the allowed
 * out-of-orderness. Refused records carry their Kafka timestamp but never move the watermark. A
 * partition quiet for the idle timeout lets its watermark reach its newest bar, so the last
 * cross-section of a quiet market completes; a partition that has never had a bar is idle and does not
 * hold the others back. The clock is the processing time between records, so a source stalled by
 * backpressure looks quiet too: the timeout must be well above the longest stall (a bar of a
 * cross-section closed early is a {@code LATE} dead letter). A timeout of 0 turns both off, for input
 * that ends (a replay), where the end closes every cross-section.
 */
final class BarWatermarks implements WatermarkStrategy<Incoming> {

    private static final long serialVersionUID = 1L;

    private final long outOfOrdernessMs;
    private final long idleTimeoutMs;

    BarWatermarks(long outOfOrdernessMs, long idleTimeoutMs) {
        this.outOfOrdernessMs = outOfOrdernessMs;
        this.idleTimeoutMs = idleTimeoutMs;
    }

    @Override
    public TimestampAssigner<Incoming> createTimestampAssigner(TimestampAssignerSupplier.Context context) {
        return (in, recordTimestamp) -> in.bar() != null ? in.bar().eventTime() : recordTimestamp;
    }

    @Override
    public WatermarkGenerator<Incoming> createWatermarkGenerator(WatermarkGeneratorSupplier.Context context) {
        return new Generator(outOfOrdernessMs, idleTimeoutMs);
    }

    private static final class Generator implements WatermarkGenerator<Incoming> {
        private final long outOfOrdernessMs;
        private final long idleTimeoutNanos;
        private long newest = Long.MIN_VALUE;
        private long lastEventNanos = System.nanoTime();
        private long emitted = Long.MIN_VALUE;

        Generator(long outOfOrdernessMs, long idleTimeoutMs) {
            this.outOfOrdernessMs = outOfOrdernessMs;
            this.idleTimeoutNanos = idleTimeoutMs * 1_000_000L;
        }

        @Override
        public void onEvent(Incoming event, long eventTimestamp, WatermarkOutput output) {
            if (event.bar() != null) {
                newest = Math.max(newest, event.bar().eventTime());
                lastEventNanos = System.nanoTime();
            }
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            if (idleTimeoutNanos == 0) {
                emit(newest == Long.MIN_VALUE ? Long.MIN_VALUE : newest - outOfOrdernessMs - 1, output);
                return;
            }
            if (newest == Long.MIN_VALUE) {
                if (System.nanoTime() - lastEventNanos >= idleTimeoutNanos) {
                    output.markIdle();
                }
                return;
            }
            boolean quiet = System.nanoTime() - lastEventNanos >= idleTimeoutNanos;
            emit(quiet ? newest : newest - outOfOrdernessMs - 1, output);
        }

        private void emit(long watermark, WatermarkOutput output) {
            if (watermark > emitted) {
                emitted = watermark;
                output.emitWatermark(new Watermark(watermark));
            }
        }
    }
}
