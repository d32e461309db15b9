package io.quarry.jobs.cli;

import io.quarry.connectors.AlphaValuesWriter;
import io.quarry.connectors.BarsReader;
import io.quarry.connectors.GroupsReader;
import io.quarry.connectors.kafka.EmbeddedKafka;
import io.quarry.connectors.kafka.TopicReader;
import io.quarry.connectors.kafka.ValuesReadBack;
import io.quarry.dsl.check.CheckedAlpha;
import io.quarry.dsl.check.CheckedFile;
import io.quarry.dsl.panel.GroupLevel;
import io.quarry.dsl.panel.Groups;
import io.quarry.dsl.panel.Panel;
import io.quarry.evaluator.weighting.WeightingModel;
import io.quarry.jobs.stream.Replay;
import io.quarry.jobs.stream.Savepoints;
import io.quarry.jobs.stream.StreamJob;
import io.quarry.jobs.stream.StreamSettings;
import io.quarry.jobs.stream.Streamable;
import io.quarry.jobs.stream.Topics;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * {@code quarry stream}: the alphas live on Flink over Kafka. With {@code --bootstrap} alone it runs
 * until stopped (with {@code --savepoint-dir}, a signal stops it with a savepoint that
 * {@code --from-savepoint} resumes from); with {@code --replay} it replays a bars file through Kafka and
 * the job and writes what the values topic holds (read_committed) in {@code quarry eval}'s format.
 */
@Command(name = "stream", mixinStandardHelpOptions = true,
        description = {"Evaluate alphas live: bars from a Kafka topic, every alpha's value per bar timestamp and",
                "symbol, the combined signal and the live IC to Kafka topics, exactly once (see docs/STREAMING.md).",
                "Runs on a local Flink mini-cluster, or on a cluster with 'flink run quarry.jar stream ...'."})
final class StreamCommand implements Callable<Integer> {

    /** Where Kafka is: a cluster, or an in-JVM broker. */
    static final class Broker {
        @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "Kafka bootstrap servers.")
        String bootstrap;

        @Option(names = "--embedded", description = "Start an in-JVM Kafka broker (needs --replay).")
        boolean embedded;
    }

    /** A URI's scheme ({@code file:}, {@code s3:}); a plain path has none. */
    private static final Pattern URI_SCHEME = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]+:");

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Broker broker;

    @Option(names = "--alphas", required = true, paramLabel = "FILE", description = "The .alpha file the job starts with.")
    Path alphas;

    @Option(names = "--groups", paramLabel = "FILE", description = "symbol,sector[,industry,subindustry] CSV for indneutralize.")
    Path groups;

    @Option(names = "--replay", paramLabel = "BARS", description = "Replay this bars file (CSV, CSV.gz, Arrow) through Kafka and the job, then stop.")
    Path replay;

    @Option(names = "--pause", paramLabel = "MS", defaultValue = "0",
            description = "With --replay: pause after each cross-section, to feed the job at a live rate rather than "
                    + "as fast as Kafka takes the bars; default ${DEFAULT-VALUE}.")
    long pause;

    @Option(names = "--out", paramLabel = "FILE", description = "With --replay: write the values read back (read_committed), as 'quarry eval' writes them.")
    Path out;

    @Option(names = "--topic-prefix", defaultValue = "quarry", paramLabel = "NAME",
            description = "Topics NAME.bars, .control, .values, .signal, .ic, .weights, .status, .deadletters; default ${DEFAULT-VALUE}.")
    String prefix;

    @Option(names = "--parallelism", defaultValue = "2", paramLabel = "N", description = "Job parallelism; default ${DEFAULT-VALUE}.")
    int parallelism;

    @Option(names = "--alpha-groups", paramLabel = "G", description = "Alpha groups (keys of the evaluating operator); default 2 x parallelism, for latency; "
            + "one per subtask (= --parallelism) gives more throughput (docs/STREAMING.md).")
    Integer alphaGroups;

    @Option(names = "--partitions", defaultValue = "2", paramLabel = "N", description = "Partitions of a bars topic this command creates; default ${DEFAULT-VALUE}.")
    int partitions;

    @Option(names = "--out-of-orderness", defaultValue = "0", paramLabel = "MS", description = "Bounded out-of-orderness of the bars; default ${DEFAULT-VALUE}.")
    long outOfOrderness;

    @Option(names = "--allowed-lateness", defaultValue = "0", paramLabel = "MS", description = "How long a cross-section stays open after the watermark; default ${DEFAULT-VALUE}.")
    long allowedLateness;

    @Option(names = "--idle-timeout", paramLabel = "MS",
            description = "A partition quiet this long completes its cross-sections (well above any stall); "
                    + "default 30000, with --replay 0 (off: the end of the file completes them).")
    Long idleTimeout;

    @Option(names = "--checkpoint", defaultValue = "1000", paramLabel = "MS", description = "Checkpoint interval (output becomes visible then), at most 300000; default ${DEFAULT-VALUE}.")
    long checkpoint;

    @Option(names = "--retained-bars", defaultValue = "512", paramLabel = "N", description = "Cross-sections kept to warm up alphas added later; default ${DEFAULT-VALUE}.")
    int retained;

    @Option(names = "--fields", split = ",", paramLabel = "NAME", description = "Extra numeric bar fields alphas may read (beyond open high low close volume).")
    List<String> fields = new ArrayList<>();

    @Option(names = "--checkpoint-dir", paramLabel = "URI",
            description = "Where checkpoints go (file:///..., s3://...); default: a temporary folder, deleted at the end.")
    String checkpointDir;

    @Option(names = "--timing", description = "With --replay: print throughput and watermark-to-emit latency.")
    boolean timing;

    @Option(names = "--from-savepoint", paramLabel = "PATH",
            description = "Live mode: restore the job from this savepoint (or retained checkpoint): its offsets, "
                    + "values in progress and control changes. --alphas may differ from the saved job's; "
                    + "--parallelism and --alpha-groups may not (see docs/STREAMING.md).")
    String fromSavepoint;

    @Option(names = "--savepoint-dir", paramLabel = "DIR",
            description = "Live mode: on Ctrl-C or SIGTERM, stop the job with a savepoint in DIR (a folder, "
                    + "file:///..., s3://...) and print its path for --from-savepoint.")
    String savepointDir;

    /** {@code --combine}. */
    enum Combine { equal, ppo }

    @Option(names = "--combine", defaultValue = "equal", paramLabel = "equal|ppo",
            description = "The combined signal: equal weights of ranks, or weighted per timestamp by a trained PPO "
                    + "policy (--model; weights to the .weights topic); default ${DEFAULT-VALUE}.")
    Combine combine;

    @Option(names = "--model", paramLabel = "FILE",
            description = "With --combine ppo: the model file of `quarry weights train` (trained on these alphas).")
    Path model;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        if (broker.embedded && replay == null) {
            throw CliFailure.badInput("--embedded needs --replay BARS (an in-JVM broker has no other producer)");
        }
        if (out != null && replay == null) {
            throw CliFailure.badInput("--out needs --replay");
        }
        if (checkpoint < 1 || checkpoint > StreamJob.MAX_CHECKPOINT_MS) {
            throw CliFailure.badInput("--checkpoint must be between 1 and " + StreamJob.MAX_CHECKPOINT_MS + " ms, got "
                    + checkpoint + ": the exactly-once output keeps a Kafka transaction open from one checkpoint to "
                    + "the next, and brokers abort transactions older than 15 minutes");
        }
        if (outOfOrderness < 0 || allowedLateness < 0 || (idleTimeout != null && idleTimeout < 0)) {
            throw CliFailure.badInput("--out-of-orderness, --allowed-lateness and --idle-timeout must be >= 0 ms");
        }
        if (pause != 0 && replay == null) {
            throw CliFailure.badInput("--pause needs --replay");
        }
        if (pause < 0) {
            throw CliFailure.badInput("--pause must be >= 0, got " + pause);
        }
        if (parallelism < 1 || partitions < 1 || (alphaGroups != null && alphaGroups < 1)) {
            throw CliFailure.badInput("--parallelism, --partitions and --alpha-groups must be >= 1");
        }
        if (replay != null && (fromSavepoint != null || savepointDir != null)) {
            throw CliFailure.badInput("--from-savepoint and --savepoint-dir are for the live mode: a replay starts "
                    + "from fresh topics and ends by itself");
        }
        String restore = fromSavepoint == null ? null : checkedSavepoint(fromSavepoint);
        String savepointTarget = savepointDir == null ? null : savepointTarget(savepointDir);
        Groups table = groups == null ? Groups.none() : GroupsReader.read(groups);
        Panel panel = replay == null ? null : BarsReader.read(replay, table);
        Set<String> extra = new TreeSet<>(fields);
        if (panel != null) {
            panel.fieldNames().stream().filter(f -> !Set.of("open", "high", "low", "close", "volume").contains(f))
                    .forEach(extra::add);
        }
        Set<String> known = new HashSet<>(extra);
        known.addAll(Set.of("open", "high", "low", "close", "volume"));
        CheckedFile file = AlphaFiles.load(alphas, known, err);
        List<CheckedAlpha> streamed = streamable(file, extra, err);
        String weighting = weightingModel(streamed);
        List<String> symbols = panel != null ? panel.symbols() : groupSymbols();
        Path tempCheckpoints = checkpointDir == null ? Files.createTempDirectory("quarry-checkpoints") : null;
        String checkpoints = checkpointDir != null ? checkpointDir : tempCheckpoints.toUri().toString();
        try (EmbeddedKafka kafka = broker.embedded ? EmbeddedKafka.start() : null) {
            String bootstrap = kafka != null ? kafka.bootstrapServers() : broker.bootstrap;
            StreamSettings settings = new StreamSettings(bootstrap, Topics.withPrefix(prefix),
                    alphaGroups != null ? alphaGroups : 2 * parallelism, parallelism, outOfOrderness, allowedLateness,
                    idleTimeout != null ? idleTimeout : replay != null ? 0 : 30_000, checkpoint, retained, 20, sectorTable(table, symbols), table.levels(), extra, null,
                    null, definitions(streamed), prefix + "-stream", 0, weighting);
            createTopics(settings, panel != null);
            if (panel == null) {
                return live(settings, streamed.size(), checkpoints, restore, savepointTarget, stdout, err);
            }
            Replay.Result result = Replay.run(settings, checkpoints, panel, partitions, pause, null);
            report(stdout, settings, panel, streamed, result);
            return ExitCode.OK;
        } finally {
            if (tempCheckpoints != null) {
                deleteTree(tempCheckpoints);
            }
        }
    }

    /** Runs the job until it is stopped: by Ctrl-C or SIGTERM, with a savepoint when asked for one. */
    private static int live(StreamSettings settings, int alphaCount, String checkpoints, String restore,
                            String savepointTarget, PrintWriter stdout, PrintWriter err) throws Exception {
        Configuration conf = StreamJob.configuration(settings, checkpoints);
        if (restore != null) {
            Savepoints.restoreFrom(conf, restore);
        }
        stdout.printf("streaming %d alphas from %s on %s%s (%s)%n", alphaCount, settings.topics().bars(),
                settings.bootstrap(),
                restore == null ? "" : ", restored from " + restore,
                savepointTarget == null ? "Ctrl-C stops" : "Ctrl-C stops with a savepoint in " + savepointTarget);
        stdout.flush();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        StreamJob.build(env, settings);
        if (savepointTarget == null) {
            try {
                env.execute("quarry stream");
            } catch (Exception e) {
                throw jobFailed(e);
            }
            return ExitCode.OK;
        }
        JobClient job = env.executeAsync("quarry stream");
        try (StopOnSignal stop = new StopOnSignal(job, savepointTarget, err)) {
            try {
                job.getJobExecutionResult().get();
            } catch (ExecutionException e) {
                throw jobFailed(e);
            }
            String path;
            try {
                path = stop.savepoint();
            } catch (ExecutionException e) {
                throw new CliFailure(ExitCode.FAILED, "the job ended, but not with a savepoint: " + rootMessage(e));
            }
            if (path != null) {
                stdout.println("stopped with a savepoint: " + path);
                stdout.println("resume with: quarry stream --from-savepoint " + path + " ...");
            }
        }
        return ExitCode.OK;
    }

    /**
     * While the job runs, the first SIGINT (Ctrl-C) or SIGTERM stops it with a savepoint instead of ending
     * the JVM at once: an exiting JVM runs its shutdown hooks concurrently, the in-JVM Flink cluster's own
     * among them, which close services a savepoint in progress still uses. The signals' usual handling is
     * back after the first one (a second ends the process) and once the job is over.
     */
    private static final class StopOnSignal implements AutoCloseable {

        private static final Signal INTERRUPT = new Signal("INT");
        private static final Signal TERMINATE = new Signal("TERM");

        private final JobClient job;
        private final String target;
        private final PrintWriter err;
        private final SignalHandler previousInterrupt;
        private final SignalHandler previousTerminate;
        private final AtomicReference<CompletableFuture<String>> savepoint = new AtomicReference<>();

        StopOnSignal(JobClient job, String target, PrintWriter err) {
            this.job = job;
            this.target = target;
            this.err = err;
            previousInterrupt = Signal.handle(INTERRUPT, this::stop);
            previousTerminate = Signal.handle(TERMINATE, this::stop);
        }

        private void stop(Signal signal) {
            close();
            err.println("SIG" + signal.getName() + ": stopping with a savepoint in " + target
                    + " (a second signal ends the process without one)");
            err.flush();
            CompletableFuture<String> path = job.stopWithSavepoint(false, target, SavepointFormatType.CANONICAL);
            path.whenComplete((p, e) -> {
                if (e != null) {
                    err.println("error: the savepoint failed, the job goes on: " + rootMessage(e));
                    err.flush();
                }
            });
            savepoint.set(path);
        }

        /** The savepoint's path once the job is over, or null when no signal stopped it. */
        String savepoint() throws ExecutionException, InterruptedException, TimeoutException {
            CompletableFuture<String> path = savepoint.get();
            return path == null ? null : path.get(2, TimeUnit.MINUTES);
        }

        @Override
        public void close() {
            Signal.handle(INTERRUPT, previousInterrupt);
            Signal.handle(TERMINATE, previousTerminate);
        }
    }

    /** The savepoint of --from-savepoint, checked before anything starts. */
    private static String checkedSavepoint(String path) {
        try {
            return Savepoints.check(path);
        } catch (IllegalArgumentException e) {
            throw CliFailure.badInput("--from-savepoint: " + e.getMessage());
        }
    }

    /** --savepoint-dir as Flink takes it: a URI; a plain path becomes an absolute file URI. */
    private static String savepointTarget(String dir) {
        if (URI_SCHEME.matcher(dir).lookingAt()) {
            return dir;
        }
        Path folder = Path.of(dir).toAbsolutePath();
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw CliFailure.badInput("--savepoint-dir " + dir + " is a file, not a folder");
        }
        return folder.toUri().toString();
    }

    /** A failed job as the user sees it: the innermost cause says what went wrong. */
    private static CliFailure jobFailed(Exception e) {
        return new CliFailure(ExitCode.FAILED, "the stream job failed: " + rootMessage(e));
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.toString();
    }

    /**
     * The text of the {@code --combine ppo} model, checked against the alphas the job starts with before
     * anything starts; null for equal weights.
     */
    private String weightingModel(List<CheckedAlpha> streamed) throws java.io.IOException {
        if (combine != Combine.ppo) {
            if (model != null) {
                throw CliFailure.badInput("--model is only used with --combine ppo");
            }
            return null;
        }
        if (model == null) {
            throw CliFailure.badInput("--combine ppo needs --model FILE (a model of `quarry weights train`)");
        }
        if (!Files.isRegularFile(model)) {
            throw CliFailure.badInput("model file not found: " + model);
        }
        String text = Files.readString(model, StandardCharsets.UTF_8);
        try {
            StreamJob.checkModel(WeightingModel.parse(text, model.toString()), streamed);
        } catch (IllegalArgumentException e) {
            throw CliFailure.badInput(e.getMessage());
        }
        return text;
    }

    /** The alphas the job can evaluate; the others are named on stderr. */
    static List<CheckedAlpha> streamable(CheckedFile file, Set<String> extra, PrintWriter err) {
        List<CheckedAlpha> ok = new ArrayList<>();
        for (CheckedAlpha a : file.alphas()) {
            Streamable.problem(a, extra, Integer.MAX_VALUE).ifPresentOrElse(
                    p -> err.println(file.fileName() + ": not streamed: " + p), () -> ok.add(a));
        }
        if (ok.isEmpty()) {
            throw CliFailure.badInput(file.fileName() + ": no alpha can be streamed");
        }
        return ok;
    }

    static String definitions(List<CheckedAlpha> alphas) {
        return alphas.stream().map(CheckedAlpha::toDefinitionLine).collect(Collectors.joining("\n", "", "\n"));
    }

    private void report(PrintWriter stdout, StreamSettings s, Panel panel, List<CheckedAlpha> streamed,
                        Replay.Result result) throws Exception {
        String bootstrap = s.bootstrap();
        List<byte[]> raw = TopicReader.readAll(bootstrap, s.topics().values());
        ValuesReadBack back = ValuesReadBack.of(panel, streamed.stream().map(CheckedAlpha::name).toList(), raw);
        int dead = TopicReader.readAll(bootstrap, s.topics().deadLetters()).size();
        stdout.printf("streamed %d alphas over %d rows x %d symbols: %d values read back (read_committed), "
                        + "%d duplicates, %d dead letters%n", streamed.size(), panel.rows(), panel.symbolCount(),
                back.values(), back.duplicates(), dead);
        if (timing) {
            stdout.printf("timing: %.1f s, %.0f alpha values/s, watermark-to-emit latency p50 %d ms, p99 %d ms; "
                            + "after the first %d cross-sections %.0f alpha values/s, p50 %d ms, p99 %d ms%n",
                    result.seconds(), result.alphaValues() / result.seconds(), result.latencyPercentile(0.5),
                    result.latencyPercentile(0.99), Replay.WARM_UP_CROSS_SECTIONS, result.steadyValuesPerSecond(),
                    result.warmLatencyPercentile(0.5), result.warmLatencyPercentile(0.99));
        }
        if (out != null) {
            AlphaValuesWriter.write(out, panel, back.alphas(), back.columns(), 0, panel.rows());
            stdout.println("wrote " + out);
        }
    }

    /** Creates the topics that do not exist; a replay needs fresh ones. */
    private void createTopics(StreamSettings s, boolean fresh) throws Exception {
        java.util.Properties props = new java.util.Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, s.bootstrap());
        Set<String> existing;
        try (Admin admin = Admin.create(props)) {
            existing = admin.listTopics().names().get();
        }
        Map<String, Integer> missing = new LinkedHashMap<>();
        for (String topic : s.topics().all()) {
            if (existing.contains(topic)) {
                if (fresh) {
                    throw CliFailure.badInput("topic " + topic + " exists already; a replay needs fresh topics "
                            + "(choose another --topic-prefix)");
                }
            } else {
                missing.put(topic, topic.equals(s.topics().bars()) ? partitions : 1);
            }
        }
        if (!missing.isEmpty()) {
            EmbeddedKafka.createTopics(s.bootstrap(), missing);
        }
    }

    static void deleteTree(Path dir) throws java.io.IOException {
        try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The symbols of the --groups file (live mode has no bars file to take them from). */
    private List<String> groupSymbols() throws java.io.IOException {
        if (groups == null) {
            return List.of();
        }
        List<String> symbols = new ArrayList<>();
        boolean gz = groups.toString().endsWith(".gz");
        try (BufferedReader r = new BufferedReader(new InputStreamReader(gz
                ? new GZIPInputStream(Files.newInputStream(groups)) : Files.newInputStream(groups), StandardCharsets.UTF_8))) {
            r.readLine();
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String symbol = line.split(",", 2)[0].replace("\"", "").trim();
                if (!symbol.isEmpty()) {
                    symbols.add(symbol);
                }
            }
        }
        return symbols;
    }

    /** The sector table as plain maps, which travel with the job. */
    static Map<String, List<String>> sectorTable(Groups table, List<String> symbols) {
        Map<String, List<String>> out = new HashMap<>();
        for (String symbol : symbols) {
            List<String> levels = new ArrayList<>();
            for (int l = 0; l < table.levels(); l++) {
                levels.add(table.groupOf(symbol, GroupLevel.values()[l]));
            }
            if (table.levels() > 0 && levels.get(0) != null) {
                out.put(symbol, levels);
            }
        }
        return out;
    }
}
