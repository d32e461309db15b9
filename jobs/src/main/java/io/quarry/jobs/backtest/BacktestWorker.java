package io.quarry.jobs.backtest;

import io.quarry.connectors.BarsReader;
import io.quarry.connectors.GroupsReader;
import io.quarry.dsl.panel.Groups;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** Backtests the files it is given on one thread of its slot; reads the bars once, when it opens. */
final class BacktestWorker extends ProcessFunction<BacktestTask, FileReport> {

    private static final long serialVersionUID = 1L;

    private final BacktestOptions options;
    private transient FileBacktest backtest;

    BacktestWorker(BacktestOptions options) {
        this.options = options;
    }

    @Override
    public void open(OpenContext context) throws IOException {
        Groups groups = options.groups() == null ? Groups.none() : GroupsReader.read(Path.of(options.groups()));
        backtest = new FileBacktest(BarsReader.read(Path.of(options.data()), groups), options, 1);
    }

    @Override
    public void processElement(BacktestTask task, Context context, Collector<FileReport> out) throws IOException {
        out.collect(backtest.run(task));
    }
}
