package io.quarry.jobs.cli;

import io.quarry.connectors.AlphaValuesWriter;
import io.quarry.connectors.BarsReader;
import io.quarry.connectors.GroupsReader;
import io.quarry.connectors.kafka.EmbeddedKafka;
import io.quarry.connectors.kafka.StreamJson;
import io.quarry.connectors.kafka.TopicReader;
import io.quarry.connectors.kafka.ValuesReadBack;
import io.quarry.dsl.check.CheckedAlpha;
import io.quarry.dsl.check.CheckedFile;
import io.quarry.dsl.eval.BatchEvaluator;
import io.quarry.dsl.eval.EvaluatedAlpha;
import io.quarry.dsl.eval.Evaluation;
import io.quarry.dsl.panel.Groups;
import io.quarry.dsl.panel.Panel;
import io.quarry.jobs.stream.Replay;
import io.quarry.jobs.stream.StreamSettings;
import io.quarry.jobs.stream.Topics;
import io.quarry.miner.Miner;
import io.quarry.miner.MinerConfig;
import io.quarry.miner.MiningResult;
import java.io.IOException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code quarry demo}: the whole system on the bundled sample, needing nothing installed. It evaluates
 * the WQ101 alphas in batch, mines a small set with MCTS on the sample's 2015, then starts an in-JVM
 * Kafka broker and a local Flink mini-cluster, replays the sample's bars into Kafka as a live feed,
 * streams the WQ alphas and the mined set while printing a live table, compares what the stream wrote
 * with batch, and backtests the mined set on 2016, out of sample.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Evaluate the WQ101 alphas over the bundled sample market, mine a small set, stream both",
                "live through an in-JVM Kafka broker and a local Flink mini-cluster, and backtest the mined set;",
                "prints a live table while the bars arrive, then a summary and the report's path."})
final class DemoCommand implements Callable<Integer> {

    private static final String TABLE = "  %-10s %5s %8s  %s%n";
    private static final String MINE_TRAIN_TO = "2015-06-30";
    private static final String MINE_VALID_TO = "2015-12-31";
    private static final int MINE_BUDGET = 1000;
    private static final int MINE_POOL = 5;
    private static final long MINE_SEED = 7;

    @Spec
    CommandSpec spec;

    @Option(names = "--home", paramLabel = "DIR", description = "Quarry's folder (holding data/sample and alphas/); default: ${DEFAULT-VALUE}.",
            defaultValue = "${sys:quarry.home:-.}")
    Path home;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "out/demo", description = "Where results go; default: ${DEFAULT-VALUE}.")
    Path out;

    @Option(names = "--pause", paramLabel = "MS", defaultValue = "10", description = "Pause between cross-sections of the feed; default ${DEFAULT-VALUE}.")
    long pause;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (pause < 0) {
            throw CliFailure.badInput("--pause must be >= 0, got " + pause);
        }
        Path sample = home.resolve("data/sample");
        Path wq101 = home.resolve("alphas/wq101.alpha");
        if (!Files.isDirectory(sample) || !Files.exists(wq101)) {
            throw CliFailure.badInput("the bundled sample is not under " + home.toAbsolutePath()
                    + " (expected data/sample/ and alphas/wq101.alpha); pass --home");
        }
        long start = System.nanoTime();
        Groups groups = GroupsReader.read(sample.resolve("sectors.csv"));
        Panel panel = BarsReader.read(sample.resolve("bars.csv.gz"), groups);
        long loaded = System.nanoTime();
        CheckedFile file = AlphaFiles.load(wq101, panel.fieldNames(), err);
        Evaluation evaluation = new BatchEvaluator().evaluate(panel, file.definitions());
        long evaluated = System.nanoTime();
        List<EvaluatedAlpha> ok = evaluation.alphas().stream().filter(EvaluatedAlpha::ok).toList();
        Files.createDirectories(out);
        Path values = out.resolve("wq101_sample.csv.gz");
        AlphaValuesWriter.write(values, panel, ok.stream().map(EvaluatedAlpha::name).toList(),
                ok.stream().map(EvaluatedAlpha::values).toList(), 0, panel.rows());
        long written = System.nanoTime();

        stdout.printf("Quarry demo: %d WQ101 alphas over the bundled sample (%d symbols, %s .. %s)%n",
                evaluation.alphas().size(), panel.symbolCount(), panel.timestamps().get(0),
                panel.timestamps().get(panel.rows() - 1));
        stdout.printf("  batch: load %.2f s, evaluate %.2f s, write %.2f s%n",
                (loaded - start) / 1e9, (evaluated - loaded) / 1e9, (written - evaluated) / 1e9);
        evaluation.warnings().forEach(w -> stdout.println("  note: " + w));
        evaluation.failures().forEach(a -> stdout.println("  not evaluated: " + a.name() + ": " + a.error()));
        stdout.println();
        printLastDay(stdout, panel, ok.subList(0, Math.min(8, ok.size())));
        stdout.printf("%nvalues of %d alphas for every day and symbol: %s%n%n", ok.size(), values);
        stdout.flush();

        Path mined = mine(stdout, panel);
        List<CheckedAlpha> streamed = new ArrayList<>(StreamCommand.streamable(file, Set.of(), err));
        CheckedFile minedFile = AlphaFiles.load(mined, panel.fieldNames(), err);
        streamed.addAll(StreamCommand.streamable(minedFile, Set.of(), err));
        stream(stdout, panel, groups, streamed, evaluation, new BatchEvaluator().evaluate(panel, minedFile.alphas()));
        backtest(stdout, mined, sample);
        stdout.printf("%ndemo done in %.0f s%n", (System.nanoTime() - start) / 1e9);
        return ExitCode.OK;
    }

    /**
     * A small MCTS search on the sample's 2015, as {@code quarry mine} runs it by default (two
     * searches side by side): trained on its first half, selected on its second, so that the 2016
     * backtest is out of sample.
     */
    private Path mine(PrintWriter stdout, Panel panel) throws IOException {
        MiningResult result = Miner.mine(panel, MINE_TRAIN_TO, MINE_VALID_TO,
                MinerConfig.of(MinerConfig.Method.MCTS, MINE_BUDGET, MINE_POOL, MINE_SEED), MineCommand.DEFAULT_SEARCHES,
                s -> { });
        Path mined = out.resolve("mined.alpha");
        Files.writeString(mined, result.toAlphaFile(), StandardCharsets.UTF_8);
        stdout.printf(Locale.ROOT, "Mined %d alphas (MCTS x%d, %d evaluations in %.1f s; train .. %s, valid .. %s):"
                        + " valid IC %.4f, RankIC %.4f: %s%n%n", result.alphas().size(), result.searches(),
                result.evaluations(), result.searchSeconds(), MINE_TRAIN_TO, MINE_VALID_TO, result.validIc(),
                result.validRankIc(), mined);
        stdout.flush();
        return mined;
    }

    /** The live part: broker, job, feed, live table, and the comparison with batch. */
    private void stream(PrintWriter stdout, Panel panel, Groups groups, List<CheckedAlpha> alphas,
                        Evaluation wqBatch, Evaluation minedBatch) throws Exception {
        stdout.printf("Streaming %d alphas live: in-JVM Kafka broker, local Flink mini-cluster, the sample's bars "
                + "replayed as a feed%n", alphas.size());
        stdout.flush();
        Path checkpoints = Files.createTempDirectory("quarry-demo-checkpoints");
        try (EmbeddedKafka kafka = quietly(EmbeddedKafka::start)) {
            Topics topics = Topics.withPrefix("demo");
            Map<String, Integer> partitions = new HashMap<>();
            topics.all().forEach(t -> partitions.put(t, t.equals(topics.bars()) ? 2 : 1));
            kafka.createTopics(partitions);
            StreamSettings settings = new StreamSettings(kafka.bootstrapServers(), topics, 4, 2, 0, 0, 0, 1_000,
                    300, 20, StreamCommand.sectorTable(groups, panel.symbols()), groups.levels(), Set.of(), null, null,
                    StreamCommand.definitions(alphas), "demo-stream", 0);
            stdout.printf(TABLE, "time", "rows", "records", "best live IC (mean of the last 20 days)");
            AtomicBoolean done = new AtomicBoolean();
            Thread table = new Thread(() -> liveTable(stdout, kafka.bootstrapServers(), topics, panel, done), "live-table");
            table.setDaemon(true);
            table.start();
            Replay.Result result = Replay.run(settings, checkpoints.toUri().toString(), panel, 2, pause, null);
            done.set(true);
            table.join();

            List<String> names = alphas.stream().map(CheckedAlpha::name).toList();
            ValuesReadBack back = ValuesReadBack.of(panel, names,
                    TopicReader.readAll(kafka.bootstrapServers(), topics.values()));
            int dead = TopicReader.readAll(kafka.bootstrapServers(), topics.deadLetters()).size();
            long[] agreement = agreement(panel, back, wqBatch, minedBatch);
            stdout.printf("%nstream: %d alpha values in %.1f s (%.0f values/s), watermark-to-emit latency p99 %d ms, "
                            + "%d duplicates, %d dead letters%n", back.values(), result.seconds(),
                    result.alphaValues() / result.seconds(), result.latencyPercentile(0.99), back.duplicates(), dead);
            stdout.printf("stream == batch: %d of %d cells equal within 1e-6 (read back read_committed)%n",
                    agreement[0], agreement[1]);
            Path streamOut = out.resolve("stream_sample.csv.gz");
            AlphaValuesWriter.write(streamOut, panel, back.alphas(), back.columns(), 0, panel.rows());
            stdout.println("streamed values: " + streamOut);
        } finally {
            StreamCommand.deleteTree(checkpoints);
        }
    }

    /** Prints, about once a second, how far the committed output is and the alphas with the best live IC. */
    private static void liveTable(PrintWriter stdout, String bootstrap, Topics topics, Panel panel, AtomicBoolean done) {
        Map<String, StreamJson.Ic> latest = new HashMap<>();
        String last = "";
        try {
            while (!done.get()) {
                Thread.sleep(1_000);
                List<byte[]> ics = TopicReader.readAll(bootstrap, topics.ic());
                for (byte[] r : ics) {
                    StreamJson.Ic ic = StreamJson.ic(r);
                    latest.merge(ic.alpha(), ic, (a, b) -> a.time().compareTo(b.time()) >= 0 ? a : b);
                }
                String time = latest.values().stream().map(StreamJson.Ic::time).max(String::compareTo).orElse("");
                if (time.isEmpty() || time.equals(last)) {
                    continue;
                }
                last = time;
                int rows = panel.timestamps().indexOf(time) + 1;
                long values = TopicReader.endOffsets(bootstrap, topics.values()).values().stream().mapToLong(Long::longValue).sum();
                String best = latest.values().stream().filter(ic -> !Double.isNaN(ic.liveIc()))
                        .sorted(Comparator.comparingDouble(StreamJson.Ic::liveIc).reversed()).limit(3)
                        .map(ic -> String.format("%s %+.3f", ic.alpha(), ic.liveIc()))
                        .reduce((a, b) -> a + ", " + b).orElse("");
                synchronized (stdout) {
                    stdout.printf(TABLE, time, rows, values, best);
                    stdout.flush();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Cells where stream and batch agree (same NaN, or within 1e-6 relative), and all cells with a bar. */
    private static long[] agreement(Panel panel, ValuesReadBack back, Evaluation... batches) {
        long equal = 0;
        long cells = 0;
        for (int a = 0; a < back.alphas().size(); a++) {
            String name = back.alphas().get(a);
            double[] expected = null;
            for (Evaluation e : batches) {
                if (e.byName(name).filter(EvaluatedAlpha::ok).isPresent()) {
                    expected = e.values(name);
                }
            }
            if (expected == null) {
                continue;
            }
            double[] actual = back.columns().get(a);
            for (int i = 0; i < actual.length; i++) {
                if (!panel.barMask()[i]) {
                    continue;
                }
                cells++;
                double x = expected[i];
                double y = actual[i];
                if ((Double.isNaN(x) && Double.isNaN(y)) || x == y
                        || Math.abs(x - y) <= 1e-6 * Math.max(Math.abs(x), Math.abs(y))) {
                    equal++;
                }
            }
        }
        return new long[] {equal, cells};
    }

    /** Backtests the mined set over the sample's second year with {@code quarry backtest}; prints the report's path. */
    private void backtest(PrintWriter stdout, Path mined, Path sample) {
        Path report = out.resolve("report");
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        PrintStream quiet = new PrintStream(sink, true, StandardCharsets.UTF_8);
        int code = QuarryCli.run(new String[] {"backtest", "--data", sample.resolve("bars.csv.gz").toString(),
                "--groups", sample.resolve("sectors.csv").toString(), "--alphas", mined.toString(),
                "--from", "2016-01-01", "--out", report.toString()}, quiet, quiet);
        if (code == ExitCode.OK) {
            stdout.println("backtest report of the mined set (2016, out of sample): " + report.resolve("index.html"));
        } else {
            stdout.println("backtest of the mined set failed:");
            stdout.print(sink.toString(StandardCharsets.UTF_8));
        }
    }

    /** The embedded broker prints its format banner on stdout; the demo's output stays readable without it. */
    private static <T> T quietly(ThrowingSupplier<T> action) throws Exception {
        PrintStream original = System.out;
        System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        try {
            return action.get();
        } finally {
            System.setOut(original);
        }
    }

    @FunctionalInterface
    private interface ThrowingSupplier<T> {
        T get() throws Exception;
    }

    /** For a few alphas, the symbols they favour most and least on the last day. */
    private static void printLastDay(PrintWriter out, Panel panel, List<EvaluatedAlpha> alphas) {
        int t = panel.rows() - 1;
        out.printf("Last day %s: highest and lowest ranked symbols%n", panel.timestamps().get(t));
        out.printf("  %-10s %9s  %-24s %-24s%n", "alpha", "coverage", "top 3", "bottom 3");
        for (EvaluatedAlpha a : alphas) {
            List<Integer> present = new ArrayList<>();
            for (int s = 0; s < panel.symbolCount(); s++) {
                if (!Double.isNaN(a.values()[s * panel.rows() + t])) {
                    present.add(s);
                }
            }
            present.sort(Comparator.comparingDouble(s -> -a.values()[s * panel.rows() + t]));
            out.printf("  %-10s %8.0f%%  %-24s %-24s%n", a.name(), 100.0 * present.size() / panel.symbolCount(),
                    symbols(panel, present.subList(0, Math.min(3, present.size()))),
                    symbols(panel, present.subList(Math.max(0, present.size() - 3), present.size())));
        }
    }

    private static String symbols(Panel panel, List<Integer> indices) {
        return String.join(" ", indices.stream().map(panel.symbols()::get).toList());
    }
}
