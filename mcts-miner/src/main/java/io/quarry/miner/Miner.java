package io.quarry.miner;

import io.quarry.dsl.ast.Expr;
import io.quarry.dsl.canon.Printer;
import io.quarry.dsl.check.CheckedAlpha;
import io.quarry.dsl.eval.BatchEvaluator;
import io.quarry.dsl.eval.EvaluatedAlpha;
import io.quarry.dsl.panel.Panel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Mines a pool of alphas: a search method proposes formulas, the miner checks them, evaluates the
 * new ones on the training rows (in batches, with a cross-candidate subexpression cache), pays each
 * its reward from the training pool ({@link PoolTracker}) and feeds the rewards back, until the
 * budget of evaluations is spent. The final pool is then the searches' training pool with the best
 * valid IC ({@link PoolSelection}). The search never sees a valid row; the same seed and data give
 * the same result.
 */
public final class Miner {

    /** Reward of a formula that fails the checker or the logic rubric (never evaluated). */
    static final double INVALID_REWARD = -0.01;
    /** Share of the pool a subtree may appear in before it is penalised. */
    static final double SUBTREE_THRESHOLD = 0.2;
    /** Penalty per unit of excess share. */
    static final double SUBTREE_WEIGHT = 0.01;
    /** MCTS trains its network after every this many evaluations. */
    static final int TRAIN_EVERY = 1000;
    /** Tree nodes with fewer visits give no training example. */
    static final int MIN_VISITS = 8;
    static final int MAX_EXAMPLES = 4096;

    /**
     * A progress report: {@code evaluationsPerSecond} is the mean since the start, {@code recentPerSecond}
     * the rate over the last {@link RecentRate#WINDOW_NANOS ten seconds}, which the ETA assumes for the rest
     * (the mean once done). Rates and ETA are NaN before the first batch; valid IC is NaN between probes.
     */
    public record Snapshot(MinerConfig.Method method, int evaluations, int budget, double evaluationsPerSecond,
                           double recentPerSecond, int poolSize, double trainIc, double validIc, double etaSeconds,
                           boolean done) {
    }

    /** Receives progress reports (about once a second, and at the end). */
    @FunctionalInterface
    public interface Progress {
        void report(Snapshot snapshot);
    }

    private static final BooleanSupplier NEVER = () -> false;
    /** Fields the evaluator derives from the bars when the data lacks them. */
    private static final Set<String> DERIVED_FIELDS = Set.of("returns", "vwap");

    private Miner() {
    }

    /**
     * Mines a pool: one search, then the final selection on the valid range.
     *
     * @param trainTo last training day (ISO date); training starts at the first row
     * @param validTo last valid day; the valid range starts after {@code trainTo}
     * @throws IllegalArgumentException for ranges without data
     */
    public static MiningResult mine(Panel panel, String trainTo, String validTo, MinerConfig config,
                                    Progress progress) {
        return mine(panel, trainTo, validTo, config, progress, NEVER);
    }

    private static MiningResult mine(Panel panel, String trainTo, String validTo, MinerConfig config,
                                     Progress progress, BooleanSupplier stop) {
        long start = System.nanoTime();
        SearchResult search = search(panel, trainTo, validTo, config, progress, joined -> { },
                new SubtreeCache(config.cacheBytes()), stop);
        MiningResult result = select(panel, trainTo, validTo, config, List.of(search), search.seconds(), start);
        double rate = search.evaluations() / Math.max(1e-9, search.seconds());
        progress.report(new Snapshot(config.method(), search.evaluations(), config.budget(), rate, rate,
                result.alphas().size(), search.searchTrainIc(), result.validIc(), 0, true));
        return result;
    }

    /**
     * Mines a pool with {@code searches} searches side by side, each on a thread of its own
     * ({@link MinerConfig#searchOf}: seed S + i, a share of the budget), then the final selection on
     * the valid range among their pools in search order. The result depends only on the data,
     * the configuration and {@code searches}, never on which search finished first: it is the file
     * the mining job writes with as many slots. One search runs as {@link #mine(Panel, String, String,
     * MinerConfig, Progress)}, with every core inside each operator.
     *
     * @param progress told of all searches together, from their threads, about once a second
     * @throws IllegalArgumentException for ranges without data, or a budget smaller than {@code searches}
     */
    public static MiningResult mine(Panel panel, String trainTo, String validTo, MinerConfig config, int searches,
                                    Progress progress) {
        return mine(panel, trainTo, validTo, config, searches, progress, NEVER);
    }

    /**
     * {@link #mine(Panel, String, String, MinerConfig, int, Progress)} that can be stopped early: each
     * search asks {@code stop} before each batch and, once it answers true, ends there (a note says
     * after how many evaluations); the final pool is then chosen from what the searches found. Where
     * they stopped depends on timing, so a stopped run's file is not the one its options mine.
     */
    public static MiningResult mine(Panel panel, String trainTo, String validTo, MinerConfig config, int searches,
                                    Progress progress, BooleanSupplier stop) {
        MinerConfig.requireShares(config.budget(), searches);
        if (searches == 1) {
            return mine(panel, trainTo, validTo, config, progress, stop);
        }
        Split.of(panel, trainTo, validTo);
        long start = System.nanoTime();
        List<SearchResult> results = searchSideBySide(panel, trainTo, validTo, config, searches, progress, stop, start);
        MiningResult result = select(panel, trainTo, validTo, config, results, (System.nanoTime() - start) / 1e9, start);
        progress.report(new Snapshot(config.method(), result.evaluations(), config.budget(),
                result.evaluationsPerSecond(), result.evaluationsPerSecond(), result.alphas().size(),
                result.searchTrainIc(), result.validIc(), 0, true));
        return result;
    }

    /**
     * The searches of {@link #mine(Panel, String, String, MinerConfig, int, Progress)}, each on a thread
     * of its own. Their cache, pools and networks are unreachable once it returns, so the final
     * selection has the heap they held (the cache alone is a quarter of it).
     */
    private static List<SearchResult> searchSideBySide(Panel panel, String trainTo, String validTo, MinerConfig config,
                                                       int searches, Progress progress, BooleanSupplier stop,
                                                       long start) {
        SideBySide merged = new SideBySide(config, searches, start, progress);
        ExecutorService threads = Executors.newFixedThreadPool(searches, task -> {
            Thread t = new Thread(task, "quarry-search");
            t.setDaemon(true);
            return t;
        });
        List<SearchResult> results = new ArrayList<>();
        // One cache for all: the searches evaluate on the same training rows, and a subtree either
        // computed is a hit for the others.
        SubtreeCache cache = new SubtreeCache(config.cacheBytes(), searches);
        try {
            List<Future<SearchResult>> running = new ArrayList<>();
            for (int i = 0; i < searches; i++) {
                int index = i;
                running.add(threads.submit(() -> search(panel, trainTo, validTo, config.searchOf(index, searches),
                        s -> merged.report(index, s), joined -> { }, cache, stop)));
            }
            for (Future<SearchResult> r : running) {
                results.add(r.get());
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error error) {
                throw error; // out of memory, say: the command line reports it as such
            }
            throw new IllegalStateException("a search failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("mining was interrupted", e);
        } finally {
            threads.shutdownNow();
        }
        return results;
    }

    /**
     * Checks that the data has, or Quarry derives ({@code returns}, {@code vwap}), every field a search
     * is to use, as {@link #mine} does before it starts.
     *
     * @throws IllegalArgumentException naming the first field it lacks
     */
    public static void requireFields(Panel panel, List<String> fields) {
        for (String f : fields) {
            if (!panel.fieldNames().contains(f) && !DERIVED_FIELDS.contains(f)) {
                throw new IllegalArgumentException("field '" + f + "' is not in the data, which has "
                        + String.join(", ", new TreeSet<>(panel.fieldNames())) + " (and returns, vwap)");
            }
        }
    }

    /**
     * Checks that the ranges hold data, as {@link #mine} would before it starts.
     *
     * @throws IllegalArgumentException naming the range without data
     */
    public static void checkRanges(Panel panel, String trainTo, String validTo) {
        Split.of(panel, trainTo, validTo);
    }

    /**
     * Starts, on a thread of its own, the engine that {@code method}'s network trains on (DJL's
     * PyTorch, for MCTS and PPO), so that it loads while the caller reads its data: each search
     * would otherwise begin by waiting for it (1.1 s in a JVM of its own). A failure is left to the searches,
     * which start the engine again and report it as they do without this.
     */
    public static void startEngineAhead(MinerConfig.Method method) {
        if (method != MinerConfig.Method.MCTS && method != MinerConfig.Method.PPO) {
            return;
        }
        Thread start = new Thread(Mlp::startEngineQuietly, "quarry-engine-start");
        start.setDaemon(true);
        start.start();
    }

    /**
     * Runs one search on the training rows (the valid rows are read only for the progress probe)
     * and returns its pool for {@link #select}.
     *
     * @param joined told of each candidate as it joins the search's training pool
     * @throws IllegalArgumentException for ranges without data
     */
    public static SearchResult search(Panel panel, String trainTo, String validTo, MinerConfig config,
                                      Progress progress, Consumer<CheckedAlpha> joined) {
        return search(panel, trainTo, validTo, config, progress, joined, NEVER);
    }

    /**
     * {@link #search(Panel, String, String, MinerConfig, Progress, Consumer)} that ends before its next
     * batch once {@code stop} says so (a note says after how many evaluations).
     */
    public static SearchResult search(Panel panel, String trainTo, String validTo, MinerConfig config,
                                      Progress progress, Consumer<CheckedAlpha> joined, BooleanSupplier stop) {
        return search(panel, trainTo, validTo, config, progress, joined, new SubtreeCache(config.cacheBytes()), stop);
    }

    /**
     * {@link #search(Panel, String, String, MinerConfig, Progress, Consumer)} with a subtree cache it may
     * share, ending before the next batch once {@code stop} says so.
     */
    private static SearchResult search(Panel panel, String trainTo, String validTo, MinerConfig config,
                                       Progress progress, Consumer<CheckedAlpha> joined, SubtreeCache cache,
                                       BooleanSupplier stop) {
        long start = System.nanoTime();
        Split split = Split.of(panel, trainTo, validTo);
        Panel searchPanel = Rows.head(panel, Math.min(split.trainEnd + 1, panel.rows()));
        Panel full = Rows.head(panel, Math.min(split.validEnd + 1, panel.rows()));
        requireFields(panel, config.fields());
        Vocabulary vocabulary = Vocabulary.standard(!panel.groups().isEmpty(), config.fields(), config.windows());
        SearchSpace space = new SearchSpace(vocabulary, config.maxLength(), panel.fieldNames(), split.trainEnd);
        CandidateEvaluator evaluator = new CandidateEvaluator(searchPanel, config.parallelism(), cache);
        boolean lanes = TrainingPool.lanesPay((long) searchPanel.symbolCount() * split.trainEnd, config.budget());
        PoolTracker tracker = new PoolTracker(
                new TrainingPool(searchPanel, 0, split.trainEnd, config.poolCapacity(), lanes),
                SUBTREE_THRESHOLD, SUBTREE_WEIGHT, config.parallelism());
        List<String> notes = new ArrayList<>();
        try (Search search = Search.of(config, space, notes)) {
            Set<String> seen = new HashSet<>();
            // Formulas proposed before, as printed, and those of them that failed the checks.
            Set<String> known = new HashSet<>();
            Set<String> invalid = new HashSet<>();
            int evaluations = 0;
            long proposals = 0;
            long maxProposals = 50L * config.budget() + 1000;
            int nextTraining = TRAIN_EVERY;
            ValidProbe probe = new ValidProbe(full, split, config.parallelism());
            int nextProbe = config.budget() / 4;
            double validIc = Double.NaN;
            long lastReport = System.nanoTime();
            RecentRate recent = new RecentRate(start);
            while (evaluations < config.budget() && proposals < maxProposals) {
                if (stop.getAsBoolean()) {
                    notes.add("stopped on request after " + evaluations + " of " + config.budget() + " evaluations");
                    break;
                }
                List<Expr> trees = search.proposer().propose(config.batchSize());
                if (trees.isEmpty()) {
                    notes.add("the search space is exhausted after " + evaluations + " evaluations");
                    break;
                }
                proposals += trees.size();
                List<String> texts = trees.stream().map(Printer::print).toList();
                List<Optional<CheckedAlpha>> checked = Indices.range(trees.size(), config.parallelism())
                        .mapToObj(i -> known.contains(texts.get(i)) ? null : space.check(trees.get(i))).toList();
                double[] rewards = new double[trees.size()];
                List<CheckedAlpha> fresh = new ArrayList<>();
                List<Integer> freshIndex = new ArrayList<>();
                for (int i = 0; i < trees.size(); i++) {
                    Optional<CheckedAlpha> c = checked.get(i);
                    if (c == null || !known.add(texts.get(i))) {
                        rewards[i] = invalid.contains(texts.get(i)) ? INVALID_REWARD : 0;
                    } else if (c.isEmpty()) {
                        invalid.add(texts.get(i));
                        rewards[i] = INVALID_REWARD;
                    } else if (evaluations + fresh.size() < config.budget() && seen.add(c.get().hash())) {
                        fresh.add(c.get());
                        freshIndex.add(i);
                    }
                }
                List<PoolTracker.Outcome> outcomes = evaluator.evaluate(fresh, values -> tracker.offer(fresh, values));
                for (int j = 0; j < fresh.size(); j++) {
                    PoolTracker.Outcome o = outcomes.get(j);
                    rewards[freshIndex.get(j)] = o.reward();
                    if (o.joined()) {
                        joined.accept(fresh.get(j));
                    }
                }
                evaluations += fresh.size();
                search.proposer().learn(rewards);
                if (evaluations >= nextTraining) {
                    search.train();
                    nextTraining += TRAIN_EVERY;
                }
                if (evaluations >= nextProbe && evaluations < config.budget()) {
                    validIc = probe.ic(tracker.weights(), tracker.joinedEver());
                    nextProbe += config.budget() / 4;
                }
                long now = System.nanoTime();
                if (now - lastReport > 1_000_000_000L) {
                    lastReport = now;
                    progress.report(snapshot(config, evaluations, start, now, recent.record(now, evaluations),
                            tracker.size(), tracker.ic(), validIc));
                }
            }
            Map<String, Double> weights = tracker.weights();
            List<CheckedAlpha> pool = tracker.joinedEver().stream().filter(a -> weights.containsKey(a.name())).toList();
            return new SearchResult(config.seed(), pool, evaluations, proposals, tracker.ic(),
                    (System.nanoTime() - start) / 1e9, notes);
        }
    }

    /**
     * Chooses the final pool on the valid range: of the pools one or more searches built on the
     * training range, each refitted there, the one with the highest valid IC (the earliest search's
     * on ties), so the result depends only on the searches, never on when they finished. With
     * several searches, each one's notes are prefixed with its index.
     *
     * @param searchSeconds wall time of the searches (they may have run side by side)
     * @param start         {@link System#nanoTime()} when the run began, for the total time
     */
    public static MiningResult select(Panel panel, String trainTo, String validTo, MinerConfig config,
                                      List<SearchResult> searches, double searchSeconds, long start) {
        Split split = Split.of(panel, trainTo, validTo);
        Panel full = Rows.head(panel, Math.min(split.validEnd + 1, panel.rows()));
        List<List<CheckedAlpha>> pools = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        int evaluations = 0;
        long proposals = 0;
        double searchTrainIc = Double.NaN;
        for (int i = 0; i < searches.size(); i++) {
            SearchResult s = searches.get(i);
            pools.add(s.pool());
            evaluations += s.evaluations();
            proposals += s.proposals();
            searchTrainIc = Double.isNaN(searchTrainIc) ? s.searchTrainIc() : Math.max(searchTrainIc, s.searchTrainIc());
            String prefix = searches.size() > 1 ? "search " + i + ": " : "";
            s.notes().forEach(n -> notes.add(prefix + n));
        }
        PoolSelection.Selected selected = PoolSelection.bestPool(full, split.trainEnd, split.validEnd, pools,
                config.poolCapacity(), config.parallelism());
        notes.addAll(selected.dropped());
        return new MiningResult(config.method().label(), config.seed(), searches.size(), config.fields(),
                config.windows(), config.budget(), evaluations, proposals, split.trainDays(panel),
                split.validDays(panel), List.of(), selected.members(), searchTrainIc, selected.trainIc(),
                selected.trainRankIc(), selected.validIc(), selected.validRankIc(), Double.NaN, Double.NaN,
                searchSeconds, (System.nanoTime() - start) / 1e9, notes);
    }

    /**
     * A pool of given alphas (the WQ101 set, say) built on the training range as a search builds its
     * own: forward selection by training IC, AlphaPool's rules and weights; the valid range only scores it.
     */
    public static MiningResult fit(Panel panel, String trainTo, String validTo, List<CheckedAlpha> alphas,
                                   int capacity, int parallelism) {
        long start = System.nanoTime();
        Split split = Split.of(panel, trainTo, validTo);
        Panel full = Rows.head(panel, Math.min(split.validEnd + 1, panel.rows()));
        PoolSelection.Selected selected = PoolSelection.fromSet(full, split.trainEnd, split.validEnd, alphas, capacity,
                parallelism);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new MiningResult(MiningResult.FITTED, 0, 1, Vocabulary.FIELDS, Vocabulary.WINDOWS, alphas.size(), alphas.size(),
                alphas.size(), split.trainDays(panel), split.validDays(panel), List.of(), selected.members(), Double.NaN,
                selected.trainIc(), selected.trainRankIc(), selected.validIc(), selected.validRankIc(), Double.NaN,
                Double.NaN, 0, seconds, selected.dropped());
    }

    /**
     * Checks that the rows after {@code validTo} up to {@code testTo} hold scoring days, as
     * {@link #test} needs, so that a run can refuse a test range before it searches.
     *
     * @throws IllegalArgumentException naming the range without scoring days
     */
    public static void checkTestRange(Panel panel, String validTo, String testTo) {
        TestRange.of(panel, validTo, testTo).scores(panel);
    }

    /**
     * The chosen pool's scores on a test range, the rows after {@code validTo} up to {@code testTo},
     * which neither the searches nor the selection read: each member's IC and RankIC there, and the
     * pool's, its members combined with the weights fitted on the training range as on the valid
     * range. The selection chose the pool for its valid IC, so the valid scores are biased upwards by
     * that choice; the test scores are not.
     */
    public static MiningResult test(Panel panel, MiningResult result, String validTo, String testTo, int parallelism) {
        TestRange range = TestRange.of(panel, validTo, testTo);
        Panel full = Rows.head(panel, Math.min(range.testEnd + 1, panel.rows()));
        RangeScores scores = range.scores(full);
        List<MinedAlpha> members = result.alphas();
        List<CheckedAlpha> formulas = members.stream().map(MinedAlpha::alpha).toList();
        List<double[]> values = members.isEmpty() ? List.of()
                : new BatchEvaluator(parallelism).evaluate(full, formulas).alphas().stream()
                        .map(EvaluatedAlpha::values).toList();
        List<MinedAlpha> tested = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            double[] v = scores.timeMajor(values.get(i));
            tested.add(members.get(i).tested(scores.ic(v, false), scores.ic(v, true)));
        }
        List<String> days = List.of(panel.timestamps().get(range.validEnd), panel.timestamps().get(range.testEnd - 1));
        if (members.isEmpty()) {
            return result.tested(days, tested, Double.NaN, Double.NaN);
        }
        RangeScores.PoolScores pool = scores.pool(values, members.stream().mapToDouble(MinedAlpha::weight).toArray());
        return result.tested(days, tested, pool.ic(), pool.rankIc());
    }

    /** A report while searching: the mean rate since {@code start}, and the ETA at {@code recentRate}. */
    private static Snapshot snapshot(MinerConfig config, int evaluations, long start, long now, double recentRate,
                                     int poolSize, double trainIc, double validIc) {
        double seconds = (now - start) / 1e9;
        double rate = seconds > 0 ? evaluations / seconds : Double.NaN;
        return new Snapshot(config.method(), evaluations, config.budget(), rate, recentRate, poolSize, trainIc,
                validIc, RecentRate.secondsLeft(config.budget() - evaluations, recentRate), false);
    }

    /**
     * The progress of searches side by side as one: evaluations summed, the pool and ICs of the
     * search with the best training IC so far, at most one report a second.
     */
    private static final class SideBySide {
        private final MinerConfig config;
        private final Snapshot[] latest;
        private final long start;
        private final Progress progress;
        private final RecentRate recent;
        private long lastReport;

        SideBySide(MinerConfig config, int searches, long start, Progress progress) {
            this.config = config;
            this.latest = new Snapshot[searches];
            this.start = start;
            this.progress = progress;
            this.recent = new RecentRate(start);
            this.lastReport = start;
        }

        synchronized void report(int search, Snapshot snapshot) {
            latest[search] = snapshot;
            long now = System.nanoTime();
            if (snapshot.done() || now - lastReport < 1_000_000_000L) {
                return;
            }
            lastReport = now;
            int evaluations = 0;
            Snapshot best = null;
            for (Snapshot s : latest) {
                if (s != null) {
                    evaluations += s.evaluations();
                    if (best == null || s.trainIc() > best.trainIc() || Double.isNaN(best.trainIc())) {
                        best = s;
                    }
                }
            }
            progress.report(snapshot(config, evaluations, start, now, recent.record(now, evaluations),
                    best.poolSize(), best.trainIc(), best.validIc()));
        }
    }

    /** The training and valid rows of a panel. */
    record Split(int trainEnd, int validEnd) {

        static Split of(Panel panel, String trainTo, String validTo) {
            List<String> ts = panel.timestamps();
            int trainEnd = Rows.endOf(ts, trainTo);
            int validEnd = Rows.endOf(ts, validTo);
            if (trainEnd < 2) {
                throw new IllegalArgumentException("no training days up to " + trainTo + ": the data starts "
                        + ts.get(0));
            }
            if (validEnd <= trainEnd) {
                throw new IllegalArgumentException("no valid days after " + trainTo + " up to " + validTo
                        + ": the data covers " + ts.get(0) + " .. " + ts.get(ts.size() - 1));
            }
            return new Split(trainEnd, validEnd);
        }

        List<String> trainDays(Panel panel) {
            return List.of(panel.timestamps().get(0), panel.timestamps().get(trainEnd - 1));
        }

        List<String> validDays(Panel panel) {
            return List.of(panel.timestamps().get(trainEnd), panel.timestamps().get(validEnd - 1));
        }
    }

    /** The rows of a test range: from the valid range's end to the row after the last test day. */
    private record TestRange(int validEnd, int testEnd) {

        static TestRange of(Panel panel, String validTo, String testTo) {
            List<String> ts = panel.timestamps();
            int validEnd = Rows.endOf(ts, validTo);
            int testEnd = Rows.endOf(ts, testTo);
            if (testEnd <= validEnd) {
                throw new IllegalArgumentException("no test days after " + validTo + " up to " + testTo
                        + ": the data covers " + ts.get(0) + " .. " + ts.get(ts.size() - 1));
            }
            return new TestRange(validEnd, testEnd);
        }

        RangeScores scores(Panel panel) {
            return new RangeScores(panel, validEnd, testEnd);
        }
    }

    /** The valid IC of the search's current pool, for progress only (the search never sees it). */
    private static final class ValidProbe {
        private final Panel full;
        private final RangeScores valid;
        private final BatchEvaluator evaluator;

        ValidProbe(Panel full, Split split, int parallelism) {
            this.full = full;
            this.valid = new RangeScores(full, split.trainEnd, split.validEnd);
            this.evaluator = new BatchEvaluator(parallelism);
        }

        double ic(Map<String, Double> weights, List<CheckedAlpha> joined) {
            List<CheckedAlpha> members = joined.stream().filter(a -> weights.containsKey(a.name())).toList();
            if (members.isEmpty()) {
                return Double.NaN;
            }
            List<double[]> values = evaluator.evaluate(full, members).alphas().stream().map(EvaluatedAlpha::values)
                    .toList();
            double[] w = members.stream().mapToDouble(a -> weights.get(a.name())).toArray();
            return valid.pool(values, w).ic();
        }
    }

    /** A method's proposer and, for MCTS, its network. */
    private static final class Search implements AutoCloseable {
        private final Proposer proposer;
        private final Mcts mcts;
        private final PolicyNetwork network;

        private Search(Proposer proposer, Mcts mcts, PolicyNetwork network) {
            this.proposer = proposer;
            this.mcts = mcts;
            this.network = network;
        }

        static Search of(MinerConfig config, SearchSpace space, List<String> notes) {
            long seed = config.seed();
            return switch (config.method()) {
                case RANDOM -> new Search(new RandomSearch(space, seed), null, null);
                case GP -> new Search(new GeneticProgramming(space, seed), null, null);
                case PPO -> new Search(Ppo.start(space, seed), null, null);
                case MCTS -> {
                    PolicyNetwork network = null;
                    if (config.network()) {
                        try {
                            network = PolicyNetwork.start(space.vocabulary(), seed);
                        } catch (IllegalStateException e) {
                            notes.add("mcts runs with uniform priors: " + e.getMessage());
                        }
                    }
                    PolicyNetwork net = network;
                    Supplier<Policy> policy = net == null ? Policy::uniform : net::policy;
                    Mcts mcts = new Mcts(space, policy, seed, Mcts.HALF_LIFE);
                    Edits edits = new Edits(space.vocabulary(), config.maxLength());
                    yield new Search(new RefinementTree(mcts, edits, seed, Mcts.HALF_LIFE), mcts, net);
                }
            };
        }

        Proposer proposer() {
            return proposer;
        }

        void train() {
            if (network != null) {
                List<PolicyNetwork.Example> examples = mcts.examples(MIN_VISITS);
                network.train(examples.subList(0, Math.min(MAX_EXAMPLES, examples.size())));
            }
        }

        @Override
        public void close() {
            if (network != null) {
                network.close();
            }
            if (proposer instanceof Ppo ppo) {
                ppo.close();
            }
        }
    }
}
