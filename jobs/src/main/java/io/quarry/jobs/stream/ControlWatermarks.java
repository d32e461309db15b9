package io.quarry.jobs.stream;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * The control stream has no event time of its own; its watermark is always at the end of time, so
 * the evaluating operator's watermark (the minimum of its two inputs) is the bars' watermark.
 */
final class ControlWatermarks implements WatermarkStrategy<ControlRecord> {

    private static final long serialVersionUID = 1L;

    @Override
    public WatermarkGenerator<ControlRecord> createWatermarkGenerator(WatermarkGeneratorSupplier.Context context) {
        return new WatermarkGenerator<>() {
            @Override
            public void onEvent(ControlRecord event, long eventTimestamp, WatermarkOutput output) {
            }

            @Override
            public void onPeriodicEmit(WatermarkOutput output) {
                output.emitWatermark(new Watermark(Long.MAX_VALUE));
            }
        };
    }
}
