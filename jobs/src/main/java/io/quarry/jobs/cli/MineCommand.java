package io.quarry.jobs.cli;

import io.quarry.dsl.panel.Panel;
import io.quarry.jobs.mine.MiningJob;
import io.quarry.jobs.mine.MiningSettings;
import io.quarry.jobs.mine.PoolEvent;
import io.quarry.jobs.stream.Topics;
import io.quarry.miner.Miner;
import io.quarry.miner.MinerConfig;
import io.quarry.miner.MiningResult;
import io.quarry.miner.Vocabulary;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code quarry mine}: searches for a pool of alphas and writes it as a .alpha file. */
@Command(name = "mine", mixinStandardHelpOptions = true,
        description = "Mine a pool of alphas: search formulas on the training range (each candidate is the"
                + " cross-sectional rank of a formula; reward: the pool IC it adds), choose the final pool among the"
                + " searches' pools on the valid range, write it as a .alpha file with each alpha's scores in a comment."
                + " The same seed and data give the same file.")
final class MineCommand implements Callable<Integer> {

    /**
     * Two searches side by side, the valid range choosing between their pools: with the selection
     * before the twenty-ninth session they gave a better final pool than one search of the whole
     * budget (docs/MINING.md); a fixed number keeps the file the same on any machine.
     */
    static final int DEFAULT_SEARCHES = 2;

    private static final Pattern DURATION = Pattern.compile("([1-9][0-9]{0,6})([smh])");

    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Option(names = "--train-to", required = true, paramLabel = "DATE",
            description = "Last training day; training starts at the first row.")
    String trainTo;

    @Option(names = "--valid-to", required = true, paramLabel = "DATE",
            description = "Last valid day; the valid range starts after --train-to.")
    String validTo;

    @Option(names = "--test-to", paramLabel = "DATE", description = "Also score the final pool on the days after"
            + " --valid-to up to this one, which neither the search nor the selection reads: the valid scores are"
            + " those the selection chose the pool for, the test scores are out of sample.")
    String testTo;

    @Option(names = "--method", defaultValue = "mcts", paramLabel = "mcts|ppo|gp|random",
            description = "Search method; default ${DEFAULT-VALUE}.")
    String method;

    @Option(names = "--budget", defaultValue = "20000", paramLabel = "N",
            description = "Candidate evaluations; default ${DEFAULT-VALUE}.")
    int budget;

    @Option(names = "--pool", defaultValue = "20", paramLabel = "K", description = "Pool capacity; default ${DEFAULT-VALUE}.")
    int pool;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Random seed; default ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The mined .alpha file.")
    Path out;

    @Option(names = "--format", defaultValue = "text", paramLabel = "text|json",
            description = "Summary on stdout: ${COMPLETION-CANDIDATES}.")
    OutputFormat format;

    @Option(names = "--quiet", description = "No progress lines on stderr.")
    boolean quiet;

    @Option(names = "--alphas", paramLabel = "FILE",
            description = "No search: build the pool from this .alpha file's alphas on the training range as a search"
                    + " builds its own, and score it on the valid range.")
    Path alphas;

    @Option(names = "--parallelism", paramLabel = "P", description = "Searches side by side (seeds S..S+P-1, the budget"
            + " shared, each on one thread), the final pool being the one of their pools with the best valid IC;"
            + " default 2. The file depends"
            + " on P, not on the machine; --parallelism 1 is one search with every core in each operator.")
    Integer parallelism;

    @Option(names = "--cluster", description = "Run the --parallelism searches as a Flink job, with a global pool of"
            + " what they find as they run; the same file as in process. On a Flink cluster (application mode) it uses"
            + " P slots; otherwise a local mini-cluster.")
    boolean cluster;

    @Option(names = "--publish", paramLabel = "HOST:PORT", description = "With --cluster: send each formula that joins"
            + " the global pool (and removals) to a running 'quarry stream' job's control topic, then the final pool.")
    String publish;

    @Option(names = "--time-limit", paramLabel = "DURATION", description = "Stop each search after this long (90s, 10m,"
            + " 2h) and write the pool found by then, as Ctrl-C does in process; such a file depends on the machine's"
            + " speed.")
    String timeLimit;

    @Option(names = "--stop-file", paramLabel = "FILE", description = "Stop each search once this file exists (touch it"
            + " from any shell; with --cluster on a cluster, a path every TaskManager can read, as --data is) and write"
            + " the pool found by then, as Ctrl-C does; it must not exist when the command starts.")
    Path stopFile;

    @Option(names = "--fields", split = ",", paramLabel = "NAME,...", description = "Data fields the search may use:"
            + " any of the data's columns, and returns and vwap, which Quarry derives; default"
            + " open,high,low,close,volume,vwap,returns.")
    List<String> fields;

    @Option(names = "--windows", split = ",", paramLabel = "N,N,...", description = "Window lengths the search may use"
            + " (time-series operators' second argument); default 1,2,3,5,10,20,40,60.")
    List<Integer> windows;

    @Option(names = "--topic-prefix", defaultValue = "quarry", paramLabel = "NAME",
            description = "With --publish: the stream job's topic prefix; default ${DEFAULT-VALUE}.")
    String topicPrefix;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (data.from != null || data.to != null) {
            throw CliFailure.badInput("mine takes --train-to and --valid-to, not --from/--to");
        }
        DataOptions.validateBound("--train-to", trainTo);
        DataOptions.validateBound("--valid-to", validTo);
        DataOptions.validateBound("--test-to", testTo);
        if (budget < 1 || pool < 1) {
            throw CliFailure.badInput("--budget and --pool must be at least 1");
        }
        MinerConfig.Method m;
        try {
            m = MinerConfig.Method.parse(method);
        } catch (IllegalArgumentException e) {
            throw CliFailure.badInput("--method: " + e.getMessage());
        }
        if (publish != null && !cluster) {
            throw CliFailure.badInput("--publish needs --cluster");
        }
        boolean searchOptions = cluster || parallelism != null || timeLimit != null || stopFile != null
                || fields != null || windows != null;
        if (searchOptions && alphas != null) {
            throw CliFailure.badInput("--alphas fits a given set without searching; --cluster, --parallelism,"
                    + " --time-limit, --stop-file, --fields and --windows are for searches");
        }
        if (stopFile != null && Files.exists(stopFile)) {
            throw CliFailure.badInput("--stop-file: " + stopFile + " already exists, so the searches would stop at"
                    + " once; remove it or name another file");
        }
        Duration limit = timeLimit == null ? null : duration(timeLimit);
        MinerConfig config = MinerConfig.of(m, budget, pool, seed);
        try {
            config = fields == null ? config : config.withFields(inOneOrder(fields));
        } catch (IllegalArgumentException e) {
            throw CliFailure.badInput("--fields: " + e.getMessage());
        }
        try {
            config = windows == null ? config : config.withWindows(windows.stream().sorted().toList());
        } catch (IllegalArgumentException e) {
            throw CliFailure.badInput("--windows: " + e.getMessage());
        }
        int searches = parallelism == null ? DEFAULT_SEARCHES : parallelism;
        if (alphas == null && (searches < 1 || searches > budget)) {
            throw CliFailure.badInput("--parallelism must be between 1 and the budget (" + budget + "), got " + searches);
        }
        Timer timer = new Timer(data.timing, err);
        if (alphas == null) {
            Miner.startEngineAhead(m);
        }
        Panel panel = data.load(timer);
        try {
            Miner.requireFields(panel, config.fields());
        } catch (IllegalArgumentException e) {
            throw CliFailure.badInput("--fields: " + e.getMessage());
        }
        Miner.checkRanges(panel, trainTo, validTo);
        if (testTo != null) {
            try {
                Miner.checkTestRange(panel, validTo, testTo);
            } catch (IllegalArgumentException e) {
                throw CliFailure.badInput("--test-to: " + e.getMessage());
            }
        }
        if (cluster) {
            return mineOnCluster(panel, m, searches, limit, config, err, timer);
        }
        if (alphas != null) {
            return write(Miner.fit(panel, trainTo, validTo, AlphaFiles.load(alphas, panel.fieldNames(), err).alphas(),
                    pool, Runtime.getRuntime().availableProcessors()), panel, err, timer);
        }
        String label = m.label() + (searches > 1 ? " x" + searches : "");
        Miner.Progress progress = quiet ? s -> { } : s -> report(err, label, s);
        try (StopOnSignal signal = new StopOnSignal(err, out)) {
            long start = System.nanoTime();
            long limitNanos = limit == null ? Long.MAX_VALUE : limit.toNanos();
            return write(Miner.mine(panel, trainTo, validTo, config, searches, progress,
                    () -> signal.requested() || System.nanoTime() - start >= limitNanos
                            || stopFile != null && Files.exists(stopFile)), panel, err, timer);
        }
    }

    /**
     * The fields given in one order whatever the order given (the order is the search's tokens', so it
     * would change the file): the standard fields in {@link Vocabulary#FIELDS}' order, then the data's
     * own alphabetically. A field given twice stays twice, for the configuration to refuse.
     */
    private static List<String> inOneOrder(List<String> given) {
        Comparator<String> standardFirst = Comparator.comparingInt(
                f -> Vocabulary.FIELDS.contains(f) ? Vocabulary.FIELDS.indexOf(f) : Vocabulary.FIELDS.size());
        return given.stream().sorted(standardFirst.thenComparing(Comparator.naturalOrder())).toList();
    }

    /** A duration such as 90s, 10m or 2h. */
    private static Duration duration(String text) {
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            throw CliFailure.badInput("--time-limit: expected a whole number of seconds, minutes or hours (90s, 10m,"
                    + " 2h), got '" + text + "'");
        }
        ChronoUnit unit = switch (m.group(2)) {
            case "s" -> ChronoUnit.SECONDS;
            case "m" -> ChronoUnit.MINUTES;
            default -> ChronoUnit.HOURS;
        };
        return Duration.of(Long.parseLong(m.group(1)), unit);
    }

    private Integer write(MiningResult selected, Panel panel, PrintWriter err, Timer timer) throws IOException {
        timer.lap("mine " + selected.evaluations() + " candidates");
        MiningResult result = testTo == null ? selected
                : Miner.test(panel, selected, validTo, testTo, Runtime.getRuntime().availableProcessors());
        Files.writeString(out, result.toAlphaFile(), StandardCharsets.UTF_8);
        result.notes().forEach(n -> err.println("note: " + n));
        PrintWriter stdout = spec.commandLine().getOut();
        if (format == OutputFormat.json) {
            stdout.println(withRun(result.toJson(), panel));
        } else {
            stdout.println(result.summary() + "; written to " + out);
        }
        stdout.flush();
        err.flush();
        return ExitCode.OK;
    }

    /**
     * The summary's JSON object with a last member {@code run}: the digest of the market the search
     * read ({@link Panel#digest}), the JVM and the processors it saw, so that two runs of the same
     * seed can tell whether their data or their platform differed.
     */
    private static String withRun(String json, Panel panel) {
        String run = String.format(Locale.ROOT, ",\"run\":{\"data_sha256\":\"%s\",\"jvm\":\"%s %s\",\"processors\":%d}",
                panel.digest(), System.getProperty("java.vm.name"), System.getProperty("java.vm.version"),
                Runtime.getRuntime().availableProcessors());
        return json.substring(0, json.lastIndexOf('}')) + run + "}";
    }

    private Integer mineOnCluster(Panel panel, MinerConfig.Method m, int searches, Duration limit, MinerConfig config,
                                  PrintWriter err, Timer timer) throws Exception {
        // Ctrl-C reaches searches in the job's subtasks through the file they watch: the user's, or
        // else one of the command's own, which only a local mini-cluster's subtasks can see.
        Path ownStopDir = stopFile == null && MiningJob.runsLocally() ? Files.createTempDirectory("quarry-mine-") : null;
        Path stop = stopFile != null ? stopFile.toAbsolutePath() : ownStopDir == null ? null : ownStopDir.resolve("stop");
        MiningSettings.Publish target = publish == null ? null
                : new MiningSettings.Publish(publish, Topics.withPrefix(topicPrefix).control(), out.getFileName().toString());
        MiningSettings settings = new MiningSettings(data.data.toAbsolutePath().toString(),
                data.groups == null ? null : data.groups.toAbsolutePath().toString(), trainTo, validTo, testTo, m, budget, pool,
                seed, searches, target, limit, stop == null ? null : stop.toString(), config.fields(), config.windows());
        try (StopOnSignal signal = stop == null ? null : new StopOnSignal(err, out, () -> create(stop, err))) {
            try {
                PoolEvent result = MiningJob.run(settings, line -> {
                    if (!quiet) {
                        err.println(line);
                        err.flush();
                    }
                });
                timer.lap("mine on " + searches + " slots");
                Files.writeString(out, result.alphaFile(), StandardCharsets.UTF_8);
                result.noteLines().forEach(n -> err.println("note: " + n));
                err.flush();
                PrintWriter stdout = spec.commandLine().getOut();
                stdout.println(format == OutputFormat.json ? withRun(result.json(), panel)
                        : result.summary() + "; written to " + out);
                stdout.flush();
                return ExitCode.OK;
            } finally {
                // Before the hook is let go: once it returns, a JVM ending on a signal halts.
                if (ownStopDir != null) {
                    Files.deleteIfExists(stop);
                    Files.delete(ownStopDir);
                }
            }
        }
    }

    /** Creates the file the searches watch; says so when it cannot, since they then go on. */
    private static void create(Path stop, PrintWriter err) {
        try {
            Files.createFile(stop);
        } catch (FileAlreadyExistsException alreadyAsked) {
            // Asked before (by hand, or by an earlier signal): the searches are stopping.
        } catch (IOException e) {
            err.println("quarry mine: could not create " + stop + " to stop the searches: " + e.getMessage());
            err.flush();
        }
    }

    /**
     * A progress line: the mean rate, then (until done) the rate of the last ten seconds, from which the
     * ETA is; with several searches, the pool and ICs are those of the search with the best training IC.
     */
    private static void report(PrintWriter err, String label, Miner.Snapshot s) {
        String rate = s.done() ? String.format(Locale.ROOT, "%.0f/s", s.evaluationsPerSecond())
                : String.format(Locale.ROOT, "%.0f/s (%.0f/s now)", s.evaluationsPerSecond(), s.recentPerSecond());
        err.printf(Locale.ROOT, "%s: %d/%d evaluations, %s, pool %d, train IC %s, valid IC %s, %s%n",
                label, s.evaluations(), s.budget(), rate, s.poolSize(), fmt(s.trainIc()), fmt(s.validIc()),
                s.done() ? "done" : String.format(Locale.ROOT, "ETA %.0f s", s.etaSeconds()));
        err.flush();
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }
}
