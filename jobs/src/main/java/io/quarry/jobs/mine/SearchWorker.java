package io.quarry.jobs.mine;

import io.quarry.dsl.check.CheckedAlpha;
import io.quarry.dsl.panel.Panel;
import io.quarry.miner.Miner;
import io.quarry.miner.SearchResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Runs the searches it is given, one after the other, each on one thread, until its budget is spent,
 * the settings' time limit is up or their stop file appears: the formulas that join its training pool
 * go out as they join, then its pool's members and its figures.
 */
final class SearchWorker extends ProcessFunction<SearchTask, Found> {

    private static final long serialVersionUID = 1L;

    private final MiningSettings settings;
    private transient Panel panel;

    SearchWorker(MiningSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext context) throws IOException {
        panel = MiningData.load(settings);
    }

    @Override
    public void processElement(SearchTask task, Context context, Collector<Found> out) {
        int index = task.index();
        long start = System.nanoTime();
        long limit = settings.timeLimit() == null ? Long.MAX_VALUE : settings.timeLimit().toNanos();
        Path stopFile = settings.stopFile() == null ? null : Path.of(settings.stopFile());
        SearchResult result = Miner.search(panel, settings.trainTo(), settings.validTo(), settings.searchConfig(index),
                s -> out.collect(Found.progress(index, s.evaluations(), (System.nanoTime() - start) / 1e9)),
                joined -> out.collect(Found.joined(index, joined.toDefinitionLine())),
                () -> System.nanoTime() - start >= limit || stopFile != null && Files.exists(stopFile));
        List<CheckedAlpha> pool = result.pool();
        for (int i = 0; i < pool.size(); i++) {
            out.collect(Found.pooled(index, i, pool.get(i).toDefinitionLine()));
        }
        out.collect(Found.done(index, result.evaluations(), result.proposals(), result.searchTrainIc(),
                result.seconds(), String.join("\n", result.notes())));
    }
}
