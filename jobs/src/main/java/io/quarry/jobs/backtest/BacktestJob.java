package io.quarry.jobs.backtest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/**
 * Backtests many {@code .alpha} files as a Flink job: the files are spread over the subtasks
 * (rebalance), each subtask backtests its files one after the other on one thread and writes their
 * reports, and the client gathers the summaries. Reports go to the folders the tasks name: on a
 * cluster, a volume every TaskManager shares.
 */
public final class BacktestJob {

    private BacktestJob() {
    }

    /**
     * Runs the job (on the cluster the environment points at, or a local mini-cluster) and returns one
     * summary per task, in task order.
     */
    public static List<FileReport> run(BacktestOptions options, List<BacktestTask> tasks, int parallelism)
            throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        List<FileReport> reports = new ArrayList<>();
        try (CloseableIterator<FileReport> results = env
                .fromData(new ArrayList<>(tasks), TypeInformation.of(BacktestTask.class)).name("alpha files")
                .rebalance()
                .process(new BacktestWorker(options), TypeInformation.of(FileReport.class))
                .setParallelism(parallelism).name("backtests").uid("backtests")
                .executeAndCollect("quarry backtest")) {
            results.forEachRemaining(reports::add);
        }
        reports.sort(Comparator.comparingInt(FileReport::index));
        return reports;
    }
}
