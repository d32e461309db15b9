package io.quarry.jobs.stream;

import io.quarry.connectors.kafka.BarsReplay;
import io.quarry.connectors.kafka.TopicReader;
import io.quarry.dsl.panel.Panel;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A market replayed through Kafka and the streaming job on a local Flink mini-cluster: the job starts,
 * the bars are sent as a feed, and the job ends exactly after the last of them (its bars input is
 * bounded by the offsets the replay reaches).
 */
public final class Replay {

    /** Cross-sections per subtask that {@link Result#warmLatencyMs} leaves out. */
    public static final int WARM_UP_CROSS_SECTIONS = ValuesOut.WARM_UP_CROSS_SECTIONS;

    /**
     * What the run measured.
     *
     * @param alphaValues   alpha values the job emitted
     * @param latencyMs     watermark-to-emit latency: milliseconds to how many group outputs
     * @param warmLatencyMs the same, without each subtask's first {@value #WARM_UP_CROSS_SECTIONS}
     *                      cross-sections (the JIT's warm-up)
     * @param seconds       wall time from job start to job end
     * @param steadyValues  alpha values emitted after the warm-up (see {@link #steadyValuesPerSecond})
     * @param steadySeconds the wall time they took
     */
    public record Result(long alphaValues, Map<Integer, Integer> latencyMs, Map<Integer, Integer> warmLatencyMs,
                         double seconds, long steadyValues, double steadySeconds) {

        /**
         * The rate after each subtask's first {@value #WARM_UP_CROSS_SECTIONS} cross-sections: the rate a
         * long-running job holds, without the cluster's start and the JIT's warm-up; NaN for a stream too
         * short to have one.
         */
        public double steadyValuesPerSecond() {
            return steadySeconds > 0 ? steadyValues / steadySeconds : Double.NaN;
        }

        /** The latency below which the given share of group outputs were emitted. */
        public int latencyPercentile(double share) {
            return percentile(latencyMs, share);
        }

        /** {@link #latencyPercentile} after the warm-up. */
        public int warmLatencyPercentile(double share) {
            return percentile(warmLatencyMs, share);
        }

        private static int percentile(Map<Integer, Integer> counts, double share) {
            long total = counts.values().stream().mapToLong(Integer::longValue).sum();
            long seen = 0;
            for (Map.Entry<Integer, Integer> e : counts.entrySet()) {
                seen += e.getValue();
                if (seen >= share * total) {
                    return e.getKey();
                }
            }
            return 0;
        }
    }

    private Replay() {
    }

    /**
     * Runs the job over the bars of {@code panel}; {@code settings} name existing topics.
     *
     * @param pauseMs pause after each cross-section (0: as fast as Kafka takes them)
     * @param partitions partitions of the bars topic
     * @param checkpointDir see {@link StreamJob#configuration}
     */
    public static Result run(StreamSettings settings, String checkpointDir, Panel panel, int partitions, long pauseMs,
                             BarsReplay.RowListener listener) throws Exception {
        Map<Integer, Long> ends = new TreeMap<>(TopicReader.endOffsets(settings.bootstrap(), settings.topics().bars()));
        BarsReplay.counts(panel, 0, panel.rows(), partitions).forEach((p, n) -> ends.merge(p, n, Long::sum));
        Map<Integer, Long> controlEnd = TopicReader.endOffsets(settings.bootstrap(), settings.topics().control());
        StreamSettings bounded = settings.withEnds(ends, controlEnd);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(StreamJob.configuration(bounded, checkpointDir));
        StreamJob.build(env, bounded);
        long start = System.nanoTime();
        JobClient job = env.executeAsync("quarry stream (replay)");
        try {
            new BarsReplay(settings.bootstrap(), settings.topics().bars(), partitions).replay(panel, 0, panel.rows(), row -> {
                if (pauseMs > 0) {
                    Thread.sleep(pauseMs);
                }
                if (listener != null) {
                    listener.afterRow(row);
                }
            });
        } catch (Exception e) {
            job.cancel();
            throw e;
        }
        JobExecutionResult result = job.getJobExecutionResult().get();
        double seconds = (System.nanoTime() - start) / 1e9;
        Long values = result.getAccumulatorResult(ValuesOut.VALUES_ACCUMULATOR);
        Long steadyValues = result.getAccumulatorResult(ValuesOut.WARM_VALUES_ACCUMULATOR);
        Long steadyStart = result.getAccumulatorResult(ValuesOut.WARM_START_ACCUMULATOR);
        Long steadyEnd = result.getAccumulatorResult(ValuesOut.LAST_EMIT_ACCUMULATOR);
        boolean steady = steadyValues != null && steadyStart != null && steadyEnd != null && steadyEnd > steadyStart;
        return new Result(values == null ? 0 : values, counts(result, ValuesOut.LATENCY_ACCUMULATOR),
                counts(result, ValuesOut.WARM_LATENCY_ACCUMULATOR), seconds, steady ? steadyValues : 0,
                steady ? (steadyEnd - steadyStart) / 1e3 : 0);
    }

    private static Map<Integer, Integer> counts(JobExecutionResult result, String accumulator) {
        Map<Integer, Integer> counts = result.getAccumulatorResult(accumulator);
        return counts == null ? Map.of() : new TreeMap<>(counts);
    }
}
