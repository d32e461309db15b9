package io.quarry.miner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import io.quarry.dsl.ast.Expr;
import io.quarry.dsl.check.CheckedAlpha;
import io.quarry.dsl.check.CheckedFile;
import io.quarry.dsl.check.Checker;
import io.quarry.dsl.eval.BatchEvaluator;
import io.quarry.dsl.eval.EvaluatedAlpha;
import io.quarry.dsl.panel.Panel;
import io.quarry.dsl.parse.Source;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** End-to-end runs of {@link Miner} on a small synthetic market: budget, output, determinism. */
class MinerTest {

    private static final Panel PANEL = Markets.synthetic(60, 260, 1);
    private static final String TRAIN_TO = PANEL.timestamps().get(160);
    private static final String VALID_TO = PANEL.timestamps().get(250);

    /** The synthetic market with some fields' values replaced. */
    private static Panel panelWith(Map<String, double[]> replaced) {
        Map<String, double[]> fields = new LinkedHashMap<>();
        PANEL.fieldNames().forEach(f -> fields.put(f, replaced.getOrDefault(f, PANEL.values(f))));
        return new Panel(PANEL.timestamps(), PANEL.symbols(), fields, PANEL.barMask(), PANEL.groups());
    }

    private static MiningResult mine(MinerConfig.Method method, long seed, int budget) {
        MinerConfig config = MinerConfig.of(method, budget, 5, seed).withNetwork(false);
        return Miner.mine(PANEL, TRAIN_TO, VALID_TO, config, s -> { });
    }

    @Test
    void theSameSeedWritesTheSameFileForEveryMethod() {
        for (MinerConfig.Method method : List.of(MinerConfig.Method.MCTS, MinerConfig.Method.RANDOM,
                MinerConfig.Method.GP)) {
            String first = mine(method, 4, 150).toAlphaFile();
            assertThat(mine(method, 4, 150).toAlphaFile()).as(method.label()).isEqualTo(first);
            assertThat(mine(method, 5, 150).toAlphaFile()).as(method.label()).isNotEqualTo(first);
        }
    }

    @Test
    void spendsTheBudgetAndWritesACheckedAlphaFile() {
        List<SnapshotCount> reports = new ArrayList<>();
        MiningResult r = Miner.mine(PANEL, TRAIN_TO, VALID_TO,
                MinerConfig.of(MinerConfig.Method.MCTS, 200, 5, 1).withNetwork(false),
                s -> reports.add(new SnapshotCount(s.evaluations(), s.done())));
        assertThat(r.evaluations()).isEqualTo(200);
        assertThat(r.proposals()).isGreaterThanOrEqualTo(200);
        assertThat(r.alphas()).isNotEmpty().hasSizeLessThanOrEqualTo(5);
        assertThat(reports).last().isEqualTo(new SnapshotCount(200, true));
        CheckedFile file = Checker.standard().check(new Source("mined.alpha", r.toAlphaFile()));
        assertThat(file.hasErrors()).isFalse();
        assertThat(file.alphas()).hasSize(r.alphas().size());
        assertThat(r.trainRange()).containsExactly(PANEL.timestamps().get(0), TRAIN_TO);
        assertThat(r.validRange()).containsExactly(PANEL.timestamps().get(161), VALID_TO);
        // Weights, and the pool's valid IC from the training weights, are in the file.
        assertThat(r.toAlphaFile()).contains("# weight ", "valid IC ");
        assertThat(r.toJson()).startsWith("{\"method\":\"mcts\"").contains("\"evaluations\":200");
    }

    private record SnapshotCount(int evaluations, boolean done) {
    }

    @Test
    void searchesSideBySideGiveTheSelectionOfTheSameSearchesRunOneAfterTheOther() {
        MinerConfig config = MinerConfig.of(MinerConfig.Method.MCTS, 301, 5, 6).withNetwork(false);
        List<SnapshotCount> reports = new ArrayList<>();
        MiningResult sideBySide = Miner.mine(PANEL, TRAIN_TO, VALID_TO, config, 3,
                s -> reports.add(new SnapshotCount(s.evaluations(), s.done())));

        // Seeds 6, 7, 8 with budgets 101, 100, 100, on this thread, then one selection in search order.
        List<SearchResult> oneAfterTheOther = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            MinerConfig search = new MinerConfig(MinerConfig.Method.MCTS, i == 0 ? 101 : 100, 5, 6 + i,
                    config.batchSize(), config.maxLength(), config.cacheBytes(), 1, false, config.windows(), config.fields());
            oneAfterTheOther.add(Miner.search(PANEL, TRAIN_TO, VALID_TO, search, s -> { }, a -> { }));
        }
        MiningResult expected = Miner.select(PANEL, TRAIN_TO, VALID_TO, config, oneAfterTheOther, 0, System.nanoTime());

        assertThat(sideBySide.toAlphaFile()).isEqualTo(expected.toAlphaFile())
                .startsWith("# mined by quarry mine --method mcts --budget 301 --seed 6 --parallelism 3\n")
                .contains("; 301 evaluations\n");
        assertThat(oneAfterTheOther).extracting(SearchResult::evaluations).containsExactly(101, 100, 100);
        assertThat(reports).last().isEqualTo(new SnapshotCount(301, true));
        assertThat(reports).extracting(SnapshotCount::evaluations).isSorted();
        assertThatThrownBy(() -> Miner.mine(PANEL, TRAIN_TO, VALID_TO, config.searchOf(0, 1), 302, s -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be shared by 302 searches");
    }

    @Test
    void aStoppedSearchKeepsWhatItFoundAndSaysSo() {
        MinerConfig config = MinerConfig.of(MinerConfig.Method.MCTS, 300, 5, 2).withNetwork(false);
        AtomicInteger asked = new AtomicInteger();
        MiningResult stopped = Miner.mine(PANEL, TRAIN_TO, VALID_TO, config, 1, s -> { },
                () -> asked.incrementAndGet() > 3);
        int found = stopped.evaluations();
        assertThat(found).isBetween(1, 3 * config.batchSize());
        assertThat(stopped.notes()).contains("stopped on request after " + found + " of 300 evaluations");
        assertThat(stopped.toAlphaFile()).contains("; " + found + " of the budget's 300 evaluations\n");

        // Stopped before its fourth batch, the search has run the three batches that a search with
        // a budget of what they evaluated runs: the same candidates, so the same pool.
        MiningResult budgeted = Miner.mine(PANEL, TRAIN_TO, VALID_TO,
                MinerConfig.of(MinerConfig.Method.MCTS, found, 5, 2).withNetwork(false), s -> { });
        assertThat(budgeted.evaluations()).isEqualTo(found);
        assertThat(stopped.alphas()).isNotEmpty().isEqualTo(budgeted.alphas());
        assertThat(stopped.validRankIc()).isEqualTo(budgeted.validRankIc());
    }

    @Test
    void searchesStoppedBeforeTheirFirstBatchGiveAnEmptyPoolThatStillReadsBack() {
        MinerConfig config = MinerConfig.of(MinerConfig.Method.RANDOM, 300, 5, 2);
        MiningResult stopped = Miner.mine(PANEL, TRAIN_TO, VALID_TO, config, 2, s -> { }, () -> true);
        assertThat(stopped.evaluations()).isZero();
        assertThat(stopped.alphas()).isEmpty();
        assertThat(stopped.notes()).containsExactly("search 0: stopped on request after 0 of 150 evaluations",
                "search 1: stopped on request after 0 of 150 evaluations");
        assertThat(stopped.toJson()).contains("\"evaluations\":0,").endsWith(",\"notes\":["
                + "\"search 0: stopped on request after 0 of 150 evaluations\","
                + "\"search 1: stopped on request after 0 of 150 evaluations\"]}");
        CheckedFile file = Checker.standard().check(new Source("stopped.alpha", stopped.toAlphaFile()));
        assertThat(file.hasErrors()).isFalse();
        assertThat(file.alphas()).isEmpty();
    }

    @Test
    void everyMethodSearchesWithTheWindowsItIsGiven() {
        for (MinerConfig.Method method : List.of(MinerConfig.Method.MCTS, MinerConfig.Method.RANDOM,
                MinerConfig.Method.GP, MinerConfig.Method.PPO)) {
            MinerConfig config = MinerConfig.of(method, 200, 5, 3).withNetwork(false).withWindows(List.of(5, 20));
            Set<Integer> used = new TreeSet<>();
            Miner.search(PANEL, TRAIN_TO, VALID_TO, config, s -> { }, a -> collectWindows(a.canonical(), used));
            assertThat(used).as(method.label()).isNotEmpty().isSubsetOf(5, 20);
        }
        MinerConfig windows = MinerConfig.of(MinerConfig.Method.RANDOM, 100, 5, 3).withWindows(List.of(5, 20));
        assertThat(Miner.mine(PANEL, TRAIN_TO, VALID_TO, windows, 2, s -> { }).toAlphaFile())
                .startsWith("# mined by quarry mine --method random --budget 100 --seed 3 --parallelism 2 --windows 5,20\n");
        for (List<Integer> bad : List.of(List.<Integer>of(), List.of(0, 5), List.of(5, 5), List.of(20, 5))) {
            assertThatThrownBy(() -> windows.withWindows(bad)).as(bad.toString())
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void everyMethodSearchesOverTheFieldsItIsGiven() {
        for (MinerConfig.Method method : List.of(MinerConfig.Method.MCTS, MinerConfig.Method.RANDOM,
                MinerConfig.Method.GP, MinerConfig.Method.PPO)) {
            MinerConfig config = MinerConfig.of(method, 200, 5, 3).withNetwork(false).withFields(List.of("close", "volume"));
            Set<String> used = new TreeSet<>();
            Miner.search(PANEL, TRAIN_TO, VALID_TO, config, s -> { }, a -> used.addAll(a.fields()));
            assertThat(used).as(method.label()).containsExactlyInAnyOrder("close", "volume");
        }
        MinerConfig fields = MinerConfig.of(MinerConfig.Method.RANDOM, 100, 5, 3).withFields(List.of("close", "returns"));
        assertThat(Miner.mine(PANEL, TRAIN_TO, VALID_TO, fields, 2, s -> { }).toAlphaFile())
                .startsWith("# mined by quarry mine --method random --budget 100 --seed 3 --parallelism 2"
                        + " --fields close,returns\n");
        assertThatThrownBy(() -> Miner.mine(PANEL, TRAIN_TO, VALID_TO, fields.withFields(List.of("close", "sentiment")),
                2, s -> { })).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("field 'sentiment' is not in the data, which has ");
        for (List<String> bad : List.of(List.<String>of(), List.of("close", "close"))) {
            assertThatThrownBy(() -> fields.withFields(bad)).as(bad.toString()).isInstanceOf(IllegalArgumentException.class);
        }
    }

    /** The windows of a formula's time-series operators: their last argument, a number. */
    private static void collectWindows(Expr e, Set<Integer> into) {
        if (e instanceof Expr.Call call && (Vocabulary.TS.contains(call.function())
                || Vocabulary.TS2.contains(call.function()))) {
            into.add((int) ((Expr.Num) call.args().get(call.args().size() - 1)).value());
        }
        e.children().forEach(c -> collectWindows(c, into));
    }

    @Test
    void theTestScoresAreThePoolWithItsTrainingWeightsOnTheDaysAfterTheValidRange() {
        String validTo = PANEL.timestamps().get(200);
        String testTo = PANEL.timestamps().get(259);
        MiningResult mined = Miner.mine(PANEL, TRAIN_TO, validTo,
                MinerConfig.of(MinerConfig.Method.MCTS, 200, 5, 3).withNetwork(false), s -> { });
        MiningResult tested = Miner.test(PANEL, mined, validTo, testTo, 1);
        assertThat(mined.alphas()).hasSizeGreaterThan(1);
        assertThat(tested.testRange()).containsExactly(PANEL.timestamps().get(201), testTo);

        // A plain reading of the definitions, day by day over rows 201-258 (259 has no next day).
        int rows = PANEL.rows();
        int n = PANEL.symbolCount();
        List<MinedAlpha> members = tested.alphas();
        List<double[]> values = new BatchEvaluator(1)
                .evaluate(PANEL, members.stream().map(MinedAlpha::alpha).toList()).alphas().stream()
                .map(EvaluatedAlpha::values).toList();
        double[] close = PANEL.values("close");
        List<Double> poolIc = new ArrayList<>();
        List<Double> poolRankIc = new ArrayList<>();
        List<List<Double>> memberIc = new ArrayList<>();
        members.forEach(m -> memberIc.add(new ArrayList<>()));
        for (int t = 201; t < rows - 1; t++) {
            double[] label = new double[n];
            for (int s = 0; s < n; s++) {
                label[s] = PANEL.barMask()[s * rows + t] ? close[s * rows + t + 1] / close[s * rows + t] - 1 : Double.NaN;
            }
            double[] combined = new double[n];
            Arrays.fill(combined, Double.NaN);
            for (int m = 0; m < members.size(); m++) {
                double[] x = new double[n];
                for (int s = 0; s < n; s++) {
                    x[s] = values.get(m)[s * rows + t];
                }
                double[] z = zScores(x, label);
                for (int s = 0; s < n; s++) {
                    if (!Double.isNaN(x[s]) && !Double.isNaN(label[s])) {
                        combined[s] = (Double.isNaN(combined[s]) ? 0 : combined[s]) + members.get(m).weight() * z[s];
                    }
                }
                addIfDefined(memberIc.get(m), pearson(x, label));
            }
            addIfDefined(poolIc, pearson(combined, label));
            addIfDefined(poolRankIc, pearson(averageRanks(combined, label), averageRanks(label, combined)));
        }
        assertThat(tested.testIc()).isCloseTo(mean(poolIc), within(1e-12));
        assertThat(tested.testRankIc()).isCloseTo(mean(poolRankIc), within(1e-12));
        for (int m = 0; m < members.size(); m++) {
            assertThat(members.get(m).testIc()).isCloseTo(mean(memberIc.get(m)), within(1e-12));
        }

        // The pool, its weights and its other scores are the selection's; the file adds the test scores.
        assertThat(tested.alphas()).extracting(MinedAlpha::weight)
                .containsExactlyElementsOf(mined.alphas().stream().map(MinedAlpha::weight).toList());
        String file = tested.toAlphaFile();
        assertThat(file.replaceAll(", test [0-9-]+ \\.\\. [0-9-]+|[,;] test IC \\S+ RankIC \\S+", ""))
                .isEqualTo(mined.toAlphaFile());
        assertThat(file).contains(String.format(Locale.ROOT, ", test IC %.4f RankIC %.4f%n", tested.testIc(),
                tested.testRankIc()));
        assertThat(Checker.standard().check(new Source("tested.alpha", file)).hasErrors()).isFalse();
        assertThat(tested.toJson()).contains("\"test\":[\"" + PANEL.timestamps().get(201) + "\",\"" + testTo + "\"]",
                "\"test_rank_ic\":");
        assertThat(mined.toJson()).doesNotContain("test");
    }

    @Test
    void neitherTheSearchNorTheSelectionReadsTheTestRange() {
        String validTo = PANEL.timestamps().get(200);
        String testTo = PANEL.timestamps().get(259);
        // Every price and volume after row 201 (the last valid day's label reads row 201's close) scaled
        // at random: another market after the valid range.
        Random random = new Random(11);
        Map<String, double[]> changed = new LinkedHashMap<>();
        for (String field : List.of("open", "high", "low", "close", "volume")) {
            double[] v = PANEL.values(field).clone();
            for (int s = 0; s < PANEL.symbolCount(); s++) {
                for (int t = 202; t < PANEL.rows(); t++) {
                    v[s * PANEL.rows() + t] *= 0.5 + random.nextDouble();
                }
            }
            changed.put(field, v);
        }
        Panel other = panelWith(changed);
        MinerConfig config = MinerConfig.of(MinerConfig.Method.MCTS, 200, 5, 3).withNetwork(false);
        MiningResult original = Miner.test(PANEL, Miner.mine(PANEL, TRAIN_TO, validTo, config, s -> { }), validTo,
                testTo, 1);
        MiningResult onOther = Miner.test(other, Miner.mine(other, TRAIN_TO, validTo, config, s -> { }), validTo,
                testTo, 1);
        assertThat(onOther.alphas()).extracting(MinedAlpha::alpha, MinedAlpha::weight, MinedAlpha::validRankIc)
                .containsExactlyElementsOf(original.alphas().stream()
                        .map(a -> tuple(a.alpha(), a.weight(), a.validRankIc())).toList());
        assertThat(onOther.validRankIc()).isEqualTo(original.validRankIc());
        assertThat(onOther.testRankIc()).isNotEqualTo(original.testRankIc());
    }

    @Test
    void refusesATestRangeWithoutScoringDays() {
        String last = PANEL.timestamps().get(259);
        assertThatThrownBy(() -> Miner.checkTestRange(PANEL, VALID_TO, VALID_TO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no test days after " + VALID_TO + " up to " + VALID_TO);
        // The data's last day has no next-day return to score.
        assertThatThrownBy(() -> Miner.checkTestRange(PANEL, PANEL.timestamps().get(258), last))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has a next-day return");
        Miner.checkTestRange(PANEL, PANEL.timestamps().get(257), last);
    }

    /** Cross-sectional z-scores (ddof 1) over the symbols where x and the label are present; 0 with fewer than 10. */
    private static double[] zScores(double[] x, double[] label) {
        double[] z = new double[x.length];
        List<Integer> present = new ArrayList<>();
        for (int s = 0; s < x.length; s++) {
            if (!Double.isNaN(x[s]) && !Double.isNaN(label[s])) {
                present.add(s);
            }
        }
        if (present.size() < 10) {
            return z;
        }
        double mean = present.stream().mapToDouble(s -> x[s]).average().orElseThrow();
        double ss = present.stream().mapToDouble(s -> (x[s] - mean) * (x[s] - mean)).sum();
        double sd = Math.sqrt(ss / (present.size() - 1));
        for (int s : present) {
            z[s] = sd > 0 ? (x[s] - mean) / sd : 0;
        }
        return z;
    }

    /** Pearson's correlation over the pairs where both are present; NaN with fewer than 10 or no variance. */
    private static double pearson(double[] x, double[] y) {
        double sx = 0;
        double sy = 0;
        int k = 0;
        for (int s = 0; s < x.length; s++) {
            if (!Double.isNaN(x[s]) && !Double.isNaN(y[s])) {
                sx += x[s];
                sy += y[s];
                k++;
            }
        }
        if (k < 10) {
            return Double.NaN;
        }
        double mx = sx / k;
        double my = sy / k;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int s = 0; s < x.length; s++) {
            if (!Double.isNaN(x[s]) && !Double.isNaN(y[s])) {
                sxy += (x[s] - mx) * (y[s] - my);
                sxx += (x[s] - mx) * (x[s] - mx);
                syy += (y[s] - my) * (y[s] - my);
            }
        }
        return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : Double.NaN;
    }

    /** 1-based ranks of x among the symbols where x and {@code other} are present, ties at their mean rank; NaN elsewhere. */
    private static double[] averageRanks(double[] x, double[] other) {
        double[] ranks = new double[x.length];
        Arrays.fill(ranks, Double.NaN);
        for (int s = 0; s < x.length; s++) {
            if (Double.isNaN(x[s]) || Double.isNaN(other[s])) {
                continue;
            }
            int below = 0;
            int equal = 0;
            for (int u = 0; u < x.length; u++) {
                if (!Double.isNaN(x[u]) && !Double.isNaN(other[u])) {
                    below += x[u] < x[s] ? 1 : 0;
                    equal += x[u] == x[s] ? 1 : 0;
                }
            }
            ranks[s] = below + (equal + 1) / 2.0;
        }
        return ranks;
    }

    private static void addIfDefined(List<Double> into, double v) {
        if (!Double.isNaN(v)) {
            into.add(v);
        }
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    @Test
    void refusesRangesWithoutData() {
        MinerConfig config = MinerConfig.of(MinerConfig.Method.RANDOM, 10, 5, 1);
        assertThatThrownBy(() -> Miner.mine(PANEL, VALID_TO, TRAIN_TO, config, s -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no valid days");
        assertThatThrownBy(() -> Miner.mine(PANEL, "1999-01-01", VALID_TO, config, s -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no training days");
    }

    /**
     * The synthetic market's next-day returns plus Gaussian noise: {@code trainNoise} on the training
     * rows, {@code validNoise} after them.
     */
    private static double[] foretelling(double trainNoise, double validNoise, long seed) {
        int rows = PANEL.rows();
        int trainEnd = PANEL.timestamps().indexOf(TRAIN_TO) + 1;
        double[] close = PANEL.values("close");
        double[] out = new double[rows * PANEL.symbolCount()];
        Random noise = new Random(seed);
        for (int s = 0; s < PANEL.symbolCount(); s++) {
            for (int t = 0; t < rows; t++) {
                int cell = s * rows + t;
                double next = t + 1 < rows ? close[cell + 1] / close[cell] - 1 : 0;
                out[cell] = next + (t < trainEnd ? trainNoise : validNoise) * noise.nextGaussian();
            }
        }
        return out;
    }

    @Test
    void aFixedSetIsBuiltIntoAPoolOnTheTrainingRangeAlone() {
        // "steady" foretells the next day's return as well on both ranges; "late" badly on the
        // training range and closely on the valid range. A one-member pool built on the training
        // range holds steady, though late has the higher valid IC.
        Panel panel = panelWith(Map.of("open", foretelling(0.03, 0.03, 1), "high", foretelling(0.3, 0.003, 2)));
        List<CheckedAlpha> alphas = List.of(Markets.alpha("late", "high"), Markets.alpha("steady", "open"));
        MiningResult one = Miner.fit(panel, TRAIN_TO, VALID_TO, alphas, 1, 1);
        assertThat(one.alphas()).extracting(a -> a.alpha().canonicalText()).containsExactly("open");
        MiningResult both = Miner.fit(panel, TRAIN_TO, VALID_TO, alphas, 2, 1);
        assertThat(both.alphas()).extracting(a -> a.alpha().canonicalText()).containsExactly("open", "high");
        assertThat(both.alphas().get(1).validIc()).isGreaterThan(both.alphas().get(0).validIc());
        // A one-member pool's IC is its member's IC times the sign of its weight.
        MinedAlpha first = one.alphas().get(0);
        assertThat(one.validIc()).isCloseTo(Math.signum(first.weight()) * first.validIc(), within(1e-12));
        assertThat(one.summary()).startsWith("fixed: 2 alphas fitted in ").contains("; pool of 1:");
        assertThat(one.toAlphaFile()).startsWith("# pool chosen and fitted by quarry mine --alphas (no search)\n");

        // The valid range only scores the pool: other valid rows give the same members and weights.
        Panel otherValid = panelWith(Map.of("open", foretelling(0.03, 1.0, 1), "high", foretelling(0.3, 1.0, 2)));
        MiningResult other = Miner.fit(otherValid, TRAIN_TO, VALID_TO, alphas, 2, 1);
        assertThat(other.alphas()).extracting(MinedAlpha::alpha, MinedAlpha::weight)
                .containsExactlyElementsOf(both.alphas().stream().map(a -> tuple(a.alpha(), a.weight())).toList());
        assertThat(other.validIc()).isNotEqualTo(both.validIc());
    }

    @Test
    void theFinalPoolIsTheSearchesPoolWithTheBestValidIcAsItStands() {
        // Search 0 built [early], search 1 [early, steady]. Early foretells the returns closely on
        // the training range and not at all on the valid range, steady as well on both: search 1's
        // pool has the higher valid IC, and the final pool is that pool, members in its order.
        Panel panel = panelWith(Map.of("open", foretelling(0.03, 0.03, 1), "low", foretelling(0.01, 3, 3)));
        CheckedAlpha steady = Markets.alpha("steady", "open");
        CheckedAlpha early = Markets.alpha("early", "low");
        MinerConfig config = MinerConfig.of(MinerConfig.Method.RANDOM, 2, 5, 1);
        SearchResult first = new SearchResult(1, List.of(early), 1, 1, Double.NaN, 0, List.of());
        SearchResult second = new SearchResult(2, List.of(early, steady), 1, 1, Double.NaN, 0, List.of());
        MiningResult r = Miner.select(panel, TRAIN_TO, VALID_TO, config, List.of(first, second), 0, System.nanoTime());
        assertThat(r.alphas()).extracting(a -> a.alpha().canonicalText()).containsExactly("low", "open");
        assertThat(r.alphas()).extracting(a -> a.alpha().name()).containsExactly("mined_01", "mined_02");
        // The weights are the training range's fit of that pool: a fixed set of the same two gets them.
        MiningResult fitted = Miner.fit(panel, TRAIN_TO, VALID_TO, List.of(early, steady), 5, 1);
        assertThat(fitted.alphas()).hasSize(2);
        for (int i = 0; i < 2; i++) {
            assertThat(r.alphas().get(i).weight()).isCloseTo(fitted.alphas().get(i).weight(), within(1e-12));
        }
        assertThat(r.validIc()).isCloseTo(fitted.validIc(), within(1e-12));
        MiningResult earlyAlone = Miner.fit(panel, TRAIN_TO, VALID_TO, List.of(early), 5, 1);
        assertThat(earlyAlone.validIc()).isLessThan(r.validIc());
        // Whichever search finished first: the same pool the other way round.
        MiningResult swapped = Miner.select(panel, TRAIN_TO, VALID_TO, config, List.of(second, first), 0,
                System.nanoTime());
        assertThat(swapped.alphas()).isEqualTo(r.alphas());
    }

    @Test
    void aFormulaWithoutTrainingIcIsNotPickedForItsLuckOnTheValidRange() {
        // "honest" foretells the next day's return a little on every day. "lucky" foretells it
        // closely on the valid range; on the training range it points the right way a little on
        // even days, across all symbols, and the wrong way closely on odd days, on 12 symbols. The
        // least-squares fit weighs a day by its cells, so lucky's weight comes out positive, while
        // its training IC, the mean of the days' correlations, is negative. A weight is not enough:
        // a member must raise the training pool's IC to join.
        int rows = PANEL.rows();
        int symbols = PANEL.symbolCount();
        int trainEnd = PANEL.timestamps().indexOf(TRAIN_TO) + 1;
        double[] close = PANEL.values("close");
        double[] honest = new double[rows * symbols];
        double[] lucky = new double[rows * symbols];
        Random noise = new Random(5);
        for (int s = 0; s < symbols; s++) {
            for (int t = 0; t < rows; t++) {
                int cell = s * rows + t;
                double next = t + 1 < rows ? close[cell + 1] / close[cell] - 1 : 0;
                honest[cell] = next + 0.05 * noise.nextGaussian();
                if (t >= trainEnd) {
                    lucky[cell] = next + 0.001 * noise.nextGaussian();
                } else if (t % 2 == 0) {
                    lucky[cell] = next + 0.05 * noise.nextGaussian();
                } else {
                    lucky[cell] = s < 12 ? -next + 0.001 * noise.nextGaussian() : Double.NaN;
                }
            }
        }
        Panel panel = panelWith(Map.of("open", honest, "volume", lucky));
        List<CheckedAlpha> alphas = List.of(Markets.alpha("lucky", "volume"),
                Markets.alpha("honest", "open"));
        MiningResult r = Miner.fit(panel, TRAIN_TO, VALID_TO, alphas, 1, 1);
        assertThat(r.alphas()).extracting(a -> a.alpha().canonicalText()).containsExactly("open");
        assertThat(r.trainIc()).isPositive();
    }
}
