package io.quarry.jobs.mine;

import io.quarry.connectors.kafka.ControlTopic;
import io.quarry.dsl.check.CheckedAlpha;
import io.quarry.dsl.check.Checker;
import io.quarry.dsl.panel.Panel;
import io.quarry.dsl.parse.Limits;
import io.quarry.dsl.parse.Source;
import io.quarry.miner.LivePool;
import io.quarry.miner.Miner;
import io.quarry.miner.MiningResult;
import io.quarry.miner.RecentRate;
import io.quarry.miner.SearchResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The mining job's single pool operator. It keeps the global pool on the training range, fed with
 * the formulas that join the searches' own pools as they arrive (a formula several searches found is
 * evaluated once), and reports each change, publishing it to a stream's control topic when asked.
 * When every search is done it runs the final selection on the valid range among their pools,
 * in search order, so the result depends only on the searches and never on arrival order; the
 * published set is then replaced by the final pool.
 */
final class PoolKeeper extends ProcessFunction<Found, PoolEvent> {

    private static final long serialVersionUID = 1L;
    private static final long PROGRESS_EVERY_NANOS = 1_000_000_000L;

    private final MiningSettings settings;
    private transient Panel panel;
    private transient Checker checker;
    private transient LivePool live;
    private transient Map<Integer, TreeMap<Integer, CheckedAlpha>> pools;
    private transient Map<Integer, Found> done;
    private transient int[] evaluations;
    private transient Set<String> published;
    private transient long start;
    private transient RecentRate recent;
    private transient long lastProgress;

    PoolKeeper(MiningSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext context) throws IOException {
        panel = MiningData.load(settings);
        checker = new Checker(Limits.DEFAULT, panel.fieldNames());
        live = new LivePool(panel, settings.trainTo(), settings.validTo(), settings.pool(), 1,
                Runtime.getRuntime().maxMemory() / 8);
        pools = new HashMap<>();
        done = new HashMap<>();
        evaluations = new int[settings.parallelism()];
        published = new LinkedHashSet<>();
        start = System.nanoTime();
        recent = new RecentRate(start);
    }

    @Override
    public void processElement(Found found, Context context, Collector<PoolEvent> out) throws Exception {
        switch (found.kind()) {
            case JOINED -> offer(found, out);
            case PROGRESS -> progress(found, out);
            case POOL -> pools.computeIfAbsent(found.search(), i -> new TreeMap<>())
                    .put(found.position(), parse(found.definition()));
            case DONE -> {
                evaluations[found.search()] = found.evaluations();
                done.put(found.search(), found);
                if (done.size() == settings.parallelism()) {
                    finish(out);
                }
            }
        }
    }

    private void offer(Found found, Collector<PoolEvent> out) throws ExecutionException, InterruptedException {
        LivePool.Change change = live.offer(List.of(parse(found.definition())));
        if (change.joined().isEmpty() && change.left().isEmpty()) {
            return;
        }
        for (CheckedAlpha a : change.joined()) {
            publish(a.toDefinitionLine() + "\n");
            published.add(a.name());
        }
        withdraw(change.left());
        StringBuilder line = new StringBuilder("global pool");
        change.joined().forEach(a -> line.append(" +").append(a.name()).append(" = ").append(a.canonicalText())
                .append(" (from search ").append(found.search()).append(')'));
        change.left().forEach(name -> line.append(" -").append(name));
        line.append(String.format(Locale.ROOT, "; %d members, train IC %.4f", live.weights().size(), live.ic()));
        out.collect(PoolEvent.changed(line.toString()));
    }

    private void progress(Found found, Collector<PoolEvent> out) {
        evaluations[found.search()] = found.evaluations();
        long now = System.nanoTime();
        if (now - lastProgress < PROGRESS_EVERY_NANOS) {
            return;
        }
        lastProgress = now;
        int total = Arrays.stream(evaluations).sum();
        double recentRate = recent.record(now, total);
        out.collect(PoolEvent.changed(String.format(Locale.ROOT,
                "%s x%d: %d/%d evaluations, %.0f/s (%.0f/s now), global pool %d, train IC %.4f, ETA %.0f s",
                settings.method().label(), settings.parallelism(), total, settings.budget(),
                total / ((now - start) / 1e9), recentRate, live.weights().size(), live.ic(),
                RecentRate.secondsLeft(settings.budget() - total, recentRate))));
    }

    private void finish(Collector<PoolEvent> out) throws ExecutionException, InterruptedException {
        List<SearchResult> searches = new ArrayList<>();
        double searchSeconds = 0;
        for (int i = 0; i < settings.parallelism(); i++) {
            Found f = done.get(i);
            List<CheckedAlpha> pool = List.copyOf(pools.getOrDefault(i, new TreeMap<>()).values());
            List<String> notes = f.notes().isEmpty() ? List.of() : List.of(f.notes().split("\n"));
            searches.add(new SearchResult(settings.seed() + i, pool, f.evaluations(), f.proposals(), f.trainIc(),
                    f.seconds(), notes));
            searchSeconds = Math.max(searchSeconds, f.seconds());
        }
        MiningResult selected = Miner.select(panel, settings.trainTo(), settings.validTo(), settings.selectionConfig(),
                searches, searchSeconds, start);
        MiningResult result = settings.testTo() == null ? selected
                : Miner.test(panel, selected, settings.validTo(), settings.testTo(), settings.selectionConfig().parallelism());
        if (settings.publish() != null) {
            publish(result.toAlphaFile());
            Set<String> kept = new LinkedHashSet<>();
            result.alphas().forEach(a -> kept.add(a.alpha().name()));
            withdraw(published.stream().filter(name -> !kept.contains(name)).toList());
        }
        out.collect(PoolEvent.changed(String.format(Locale.ROOT,
                "global pool: %d formulas sent by more than one search were evaluated once", live.duplicates())));
        out.collect(PoolEvent.result(result.toAlphaFile(), result.toJson(), result.summary(), result.notes()));
    }

    private CheckedAlpha parse(String definition) {
        return checker.check(new Source("search", definition)).orThrow().get(0);
    }

    private void publish(String text) throws ExecutionException, InterruptedException {
        if (settings.publish() != null) {
            MiningSettings.Publish p = settings.publish();
            ControlTopic.submit(p.bootstrap(), p.controlTopic(), p.source(), text);
        }
    }

    private void withdraw(List<String> names) throws ExecutionException, InterruptedException {
        if (settings.publish() != null && !names.isEmpty()) {
            MiningSettings.Publish p = settings.publish();
            ControlTopic.remove(p.bootstrap(), p.controlTopic(), p.source(), names);
            names.forEach(published::remove);
        }
    }
}
