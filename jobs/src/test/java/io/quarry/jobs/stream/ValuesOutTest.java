package io.quarry.jobs.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.connectors.kafka.StreamJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.accumulators.Accumulator;
import org.apache.flink.streaming.api.operators.StreamFlatMap;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** A group's output becomes one values record per symbol; latencies are counted with and without the warm-up. */
class ValuesOutTest {

    private static GroupOutput output(String time, long firedAt) {
        // Two symbols, three alphas, alpha-major: alpha i of symbol s is values[i * 2 + s].
        return new GroupOutput(time, 0, new String[] {"A", "B"}, new double[] {1, 2}, new String[] {"x", "y", "z"},
                new double[] {0.1, 0.2, Double.NaN, 1.5, -3.0, 4.0}, firedAt);
    }

    @Test
    void eachSymbolGetsItsValuesAndTheWarmUpIsLeftOutOfTheSteadyCounts() throws Exception {
        ValuesOut function = new ValuesOut("values");
        try (var harness = new OneInputStreamOperatorTestHarness<>(new StreamFlatMap<>(function))) {
            harness.open();
            int crossSections = ValuesOut.WARM_UP_CROSS_SECTIONS + 3;
            for (int t = 0; t < crossSections; t++) {
                // Two alpha groups per cross-section; the warm-up's outputs are 10 s late, the others on time.
                long firedAt = System.currentTimeMillis() - (t < ValuesOut.WARM_UP_CROSS_SECTIONS ? 10_000 : 0);
                harness.processElement(new StreamRecord<>(output("t" + t, firedAt)));
                harness.processElement(new StreamRecord<>(output("t" + t, firedAt)));
            }
            List<OutRecord> records = harness.extractOutputValues();
            assertThat(records).hasSize(2 * 2 * crossSections);
            StreamJson.Values b = StreamJson.values(records.get(1).value());
            assertThat(new String(records.get(1).key(), StandardCharsets.UTF_8)).isEqualTo("B");
            assertThat(b.alphas()).containsExactly("x", "y", "z");
            assertThat(b.values()).containsExactly(0.2, 1.5, 4.0);
            assertThat(StreamJson.values(records.get(0).value()).values()).containsExactly(0.1, Double.NaN, -3.0);

            Map<String, Accumulator<?, ?>> accumulators = harness.getEnvironment().getAccumulatorRegistry().getUserMap();
            Map<Integer, Integer> all = histogram(accumulators.get(ValuesOut.LATENCY_ACCUMULATOR));
            Map<Integer, Integer> warm = histogram(accumulators.get(ValuesOut.WARM_LATENCY_ACCUMULATOR));
            assertThat(all.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(2 * crossSections);
            assertThat(warm.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(2 * 3);
            assertThat(warm.keySet()).allMatch(ms -> ms < 10_000);
            assertThat(all.keySet()).anyMatch(ms -> ms >= 10_000);
            // The steady window opens at the first output after the warm-up: the other 5 (x 6 values) count.
            assertThat(accumulators.get(ValuesOut.WARM_VALUES_ACCUMULATOR).getLocalValue()).isEqualTo(5L * 6);
            long first = (Long) accumulators.get(ValuesOut.WARM_START_ACCUMULATOR).getLocalValue();
            long last = (Long) accumulators.get(ValuesOut.LAST_EMIT_ACCUMULATOR).getLocalValue();
            assertThat(last).isGreaterThanOrEqualTo(first);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<Integer, Integer> histogram(Object accumulator) {
        return ((org.apache.flink.api.common.accumulators.Histogram) accumulator).getLocalValue();
    }
}
