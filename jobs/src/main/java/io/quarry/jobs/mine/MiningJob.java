package io.quarry.jobs.mine;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.LocalStreamEnvironment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/**
 * Mining as a Flink job:
 *
 * <pre>
 * search tasks (one per search: seed + i, its share of the budget)
 *     │ rebalance: one task per subtask
 *     ▼
 * SearchWorker x P  (a whole search on one thread of its slot)
 *     │ formulas as they join a search's pool, progress, pools, figures
 *     ▼ global
 * PoolKeeper x 1    (global pool; publishes changes to a stream's control topic; final selection)
 *     │ pool changes, then the result
 *     ▼
 * client (collect)
 * </pre>
 *
 * With parallelism 1 it is the single-process miner with one thread. The result depends only on
 * the data, the settings and the parallelism (search i always uses seed + i and its share of the
 * budget), never on timing.
 */
public final class MiningJob {

    private MiningJob() {
    }

    /** The job's configuration: no restarts (a failed search fails the job), no Kryo. */
    public static Configuration configuration(MiningSettings settings) {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        return conf;
    }

    /** Adds the job to an environment and returns its events. */
    public static DataStream<PoolEvent> build(StreamExecutionEnvironment env, MiningSettings settings) {
        List<SearchTask> tasks = IntStream.range(0, settings.parallelism())
                .mapToObj(i -> new SearchTask(i, settings.searchConfig(i).budget())).toList();
        return env.fromData(new ArrayList<>(tasks), TypeInformation.of(SearchTask.class)).name("search tasks")
                .rebalance()
                .process(new SearchWorker(settings), TypeInformation.of(Found.class))
                .setParallelism(settings.parallelism()).name("searches").uid("searches")
                .global()
                .process(new PoolKeeper(settings), TypeInformation.of(PoolEvent.class))
                .setParallelism(1).name("pool keeper").uid("pool-keeper");
    }

    /**
     * Whether {@link #run} would run the job on a mini-cluster inside this JVM: no Flink cluster's
     * context (application mode, {@code flink run}) is around it, so its subtasks see this machine's files.
     */
    public static boolean runsLocally() {
        return StreamExecutionEnvironment.getExecutionEnvironment() instanceof LocalStreamEnvironment;
    }

    /**
     * Runs the job (on the cluster the environment points at, or on a local mini-cluster with one
     * slot per search) and returns its result event.
     *
     * @param changes receives each pool change and progress line as it arrives
     * @throws IllegalStateException when the job ends without a result
     */
    public static PoolEvent run(MiningSettings settings, Consumer<String> changes) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(configuration(settings));
        PoolEvent result = null;
        try (CloseableIterator<PoolEvent> events = build(env, settings).executeAndCollect("quarry mine")) {
            while (events.hasNext()) {
                PoolEvent e = events.next();
                if (e.kind() == PoolEvent.Kind.RESULT) {
                    result = e;
                } else {
                    changes.accept(e.line());
                }
            }
        }
        if (result == null) {
            throw new IllegalStateException("the mining job ended without a result");
        }
        return result;
    }
}
