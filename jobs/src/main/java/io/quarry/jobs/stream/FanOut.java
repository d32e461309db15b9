package io.quarry.jobs.stream;

import io.quarry.connectors.kafka.StreamBar;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/** Sends every bar to every alpha group: each group evaluates its alphas over the whole cross-section. */
final class FanOut implements FlatMapFunction<StreamBar, Routed> {

    private static final long serialVersionUID = 1L;

    private final AlphaGroupKeys keys;

    FanOut(AlphaGroupKeys keys) {
        this.keys = keys;
    }

    @Override
    public void flatMap(StreamBar bar, Collector<Routed> out) {
        for (int g = 0; g < keys.groups(); g++) {
            out.collect(new Routed(keys.key(g), bar));
        }
    }
}
