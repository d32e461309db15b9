package io.quarry.evaluator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.quarry.dsl.check.CheckedAlpha;
import io.quarry.dsl.check.CheckedFile;
import io.quarry.dsl.check.Checker;
import io.quarry.dsl.panel.Panel;
import io.quarry.dsl.parse.Source;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tests for {@link Scorer} on markets where the answer is known in closed form. */
class ScorerKnownAnswersTest {

    private static final int ROWS = 120;
    private static final int SYMBOLS = 200;
    /** Standard deviation of the noise in the planted label. */
    private static final double NOISE = 1.0;

    private static Panel market;
    private static ScoreReport report;

    /**
     * A market whose label is lab = sig + NOISE * e with sig and e independent standard normals per
     * (row, symbol), and a field of pure noise; scored once with a planted, a random, a constant and
     * two identical alphas.
     */
    @BeforeAll
    static void scoreThePlantedMarket() {
        market = Markets.market(ROWS, SYMBOLS, 5, random -> {
            double[][] sig = Markets.normals(random, ROWS, SYMBOLS);
            double[][] e = Markets.normals(random, ROWS, SYMBOLS);
            double[][] lab = new double[ROWS][SYMBOLS];
            for (int t = 0; t < ROWS; t++) {
                for (int s = 0; s < SYMBOLS; s++) {
                    lab[t][s] = sig[t][s] + NOISE * e[t][s];
                }
            }
            return Map.of("sig", sig, "lab", lab, "noise", Markets.normals(random, ROWS, SYMBOLS));
        });
        List<CheckedAlpha> alphas = List.of(Markets.alpha("planted", "sig"), Markets.alpha("random", "noise"),
                Markets.alpha("constant", "1"), Markets.alpha("momentum", "rank(close)"),
                Markets.alpha("momentum_copy", "rank(rank(close))"), Markets.alpha("volume_rank", "rank(volume)"));
        report = new Scorer(new PlainKernels()).score(new ScoreRequest(market, alphas,
                new Label.Named(Markets.label("lab_now", "lab")), null, null));
    }

    private static AlphaScore score(String name) {
        return report.alphas().stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aPlantedSignalHasTheClosedFormIc() {
        // corr(x, x + s e) = 1 / sqrt(1 + s^2) for independent standard normals: 0.7071 for s = 1. The
        // sample correlation of n = 200 pairs has mean rho (1 - (1 - rho^2) / (2n)) = 0.7062 and
        // standard deviation (1 - rho^2) / sqrt(n) = 0.035 per day, so the mean of 120 days is within
        // 0.0032 (one sd) of it: 0.012 is nearly 4 sd.
        double rho = 1 / Math.sqrt(1 + NOISE * NOISE);
        AlphaScore planted = score("planted");
        assertThat(planted.ic()).isCloseTo(rho * (1 - (1 - rho * rho) / (2 * SYMBOLS)), within(0.012));
        // For a bivariate normal Spearman's rho is (6 / pi) asin(rho / 2) = 0.6901.
        assertThat(planted.rankIc()).isCloseTo(6 / Math.PI * Math.asin(rho / 2), within(0.012));
        assertThat(planted.pps()).isEqualTo(0.5 * planted.ic() + 0.5 * planted.rankIc());
        // The daily IC has sd ~0.035 around 0.71, so ICIR is about 20.
        assertThat(planted.icir()).isBetween(14.0, 28.0);
        assertThat(planted.days()).isEqualTo(ROWS);
        assertThat(planted.coverage()).isEqualTo(1.0);
    }

    @Test
    void aRandomAlphaHasASmallIc() {
        // Independent of the label: each day's IC has sd 1 / sqrt(n), so the mean of D days has sd
        // 1 / sqrt(n D) = 0.0065 here. Bound: 4 sd.
        AlphaScore random = score("random");
        double bound = 4 / Math.sqrt((double) SYMBOLS * ROWS);
        assertThat(Math.abs(random.ic())).isLessThan(bound);
        assertThat(Math.abs(random.rankIc())).isLessThan(bound);
    }

    @Test
    void aConstantAlphaHasNoIcAndDoesNotBreakAnything() {
        AlphaScore constant = score("constant");
        assertThat(constant.error()).isNull();
        assertThat(constant.ic()).isNaN();
        assertThat(constant.rankIc()).isNaN();
        assertThat(constant.icir()).isNaN();
        assertThat(constant.rre()).isNaN();
        assertThat(constant.pfs()).isNaN();
        assertThat(constant.days()).isZero();
        assertThat(constant.logic()).isZero();
        assertThat(constant.logicNotes()).singleElement().asString().contains("reads no market field");
        assertThat(constant.composite()).isNaN();
        assertThat(constant.coverage()).isEqualTo(1.0);
        assertThat(report.toJson()).contains("\"name\": \"constant\"").contains("\"ic\": null");
    }

    @Test
    void identicalAlphasAreNotDiverseAndThePoolRejectsTheCopy() {
        assertThat(score("momentum").ic()).isEqualTo(score("momentum_copy").ic());
        assertThat(score("momentum_copy").logicNotes()).anyMatch(n -> n.contains("rank(rank(x)) is rank(x)"));
        assertThat(report.set().weights()).containsKey("planted").doesNotContainKey("constant");
        assertThat(report.set().weights().keySet().stream().filter(n -> n.startsWith("momentum"))).hasSize(1);

        // The set of the two copies alone: one eigenvalue 2, one 0, entropy 0: the minimum.
        ScoreReport copies = new Scorer(new PlainKernels()).score(new ScoreRequest(market,
                List.of(Markets.alpha("a", "rank(close)"), Markets.alpha("b", "rank(rank(close))")),
                new Label.Named(Markets.label("lab_now", "lab")), null, null));
        assertThat(copies.set().diversity()).isCloseTo(0, within(1e-9));
        assertThat(copies.set().weights()).hasSize(1);
    }

    @Test
    void independentAlphasAreFullyDiverse() {
        // Two independent signals: correlation r ~ 0.005, eigenvalues 1 +- r, entropy 1 - O(r^2).
        ScoreReport pair = new Scorer(new PlainKernels()).score(new ScoreRequest(market,
                List.of(Markets.alpha("planted", "sig"), Markets.alpha("random", "noise")),
                new Label.Named(Markets.label("lab_now", "lab")), null, null));
        assertThat(pair.set().diversity()).isGreaterThan(0.999);
    }

    @Test
    void aFormulaThatReadsNoPriceOrVolumeIsPerfectlyRobust() {
        // PFS perturbs prices and volume only: `sig` is untouched, so every day's Spearman is 1.
        assertThat(score("planted").pfs()).isEqualTo(1.0);
        // rank(volume) moves only through the volume noise (sigma is the market's daily vol, ~0.1%
        // here), which barely reorders log-normal volumes.
        assertThat(score("volume_rank").pfs()).isLessThan(1.0).isGreaterThan(0.99);
    }

    @Test
    void theSameSeedGivesTheSameReportAndAnotherSeedOtherNoise() {
        List<CheckedAlpha> alphas = List.of(Markets.alpha("m", "rank(delta(close, 3))"),
                Markets.alpha("v", "correlation(close, volume, 5)"));
        Label label = new Label.ForwardReturn(1);
        Scorer scorer = new Scorer(new PlainKernels());
        ScoreRequest first = new ScoreRequest(market, alphas, label, null, null, 7, null, 20);
        ScoreReport a = scorer.score(first);
        ScoreReport b = scorer.score(first);
        ScoreReport c = scorer.score(new ScoreRequest(market, alphas, label, null, null, 8, null, 20));
        assertThat(b.toJson()).isEqualTo(a.toJson());
        assertThat(pfsOf(c, "m")).isNotEqualTo(pfsOf(a, "m"));
        assertThat(a.alphas()).allSatisfy(s -> assertThat(s.pfs()).isBetween(0.0, 1.0));
    }

    @Test
    void ranksWithTiesAgainstTheLabel() {
        // Ten symbols, every day alpha a = 1 1 2 2 3 3 4 4 50 50 and label y = 1..10.
        // Average ranks of a: 1.5 1.5 3.5 3.5 5.5 5.5 7.5 7.5 9.5 9.5; of y: 1..10; both means 5.5.
        // dx = -4 -4 -2 -2 0 0 2 2 4 4; dy = -4.5 -3.5 ... 4.5.
        // sum dx dy = 4 (4.5 + 3.5) + 2 (2.5 + 1.5) + 2 (1.5 + 2.5) + 4 (3.5 + 4.5) = 80,
        // sum dx^2 = 80, sum dy^2 = 82.5: RankIC = 80 / sqrt(80 * 82.5) = 0.98473. The IC is the
        // plain Pearson of a and y (the textbook formula below).
        double[] a = {1, 1, 2, 2, 3, 3, 4, 4, 50, 50};
        Panel tied = Markets.market(6, 10, 1, random -> {
            double[][] av = new double[6][];
            double[][] yv = new double[6][];
            for (int t = 0; t < 6; t++) {
                av[t] = a.clone();
                yv[t] = new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
            }
            return Map.of("a", av, "y", yv);
        });
        ScoreReport r = new Scorer(new PlainKernels()).score(new ScoreRequest(tied, List.of(Markets.alpha("a", "a")),
                new Label.Named(Markets.label("y_now", "y")), null, null));
        AlphaScore s = r.alphas().get(0);
        assertThat(s.rankIc()).isCloseTo(80 / Math.sqrt(80 * 82.5), within(1e-12));
        assertThat(s.ic()).isCloseTo(Textbook.pearson(a, new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}), within(1e-12));
        assertThat(s.days()).isEqualTo(6);
        // The same ranking every day: KL 0, RRE exactly 1.
        assertThat(s.rre()).isEqualTo(1.0);
    }

    @Test
    void anAlphaThatCannotBeEvaluatedIsReportedAndTheOthersScored() {
        ScoreReport r = new Scorer(new PlainKernels()).score(new ScoreRequest(market,
                List.of(Markets.alpha("needs_cap", "rank(cap)"), Markets.alpha("m", "rank(close)")),
                new Label.ForwardReturn(1), null, null));
        AlphaScore failed = r.alphas().get(1);
        assertThat(failed.name()).isEqualTo("needs_cap");
        assertThat(failed.error()).startsWith("field 'cap' is not in the data");
        assertThat(failed.ic()).isNaN();
        assertThat(failed.composite()).isNaN();
        assertThat(r.alphas().get(0).ic()).isFinite();
        assertThat(r.toJson()).contains("\"error\": \"field 'cap' is not in the data");
        assertThat(r.toTable()).contains("Not evaluated:").contains("needs_cap");
    }

    @Test
    void aSetWithNothingEvaluatedHasAnEmptySet() {
        ScoreReport r = new Scorer(new PlainKernels()).score(new ScoreRequest(market,
                List.of(Markets.alpha("needs_cap", "rank(cap)")), new Label.ForwardReturn(1), null, null));
        assertThat(r.set().diversity()).isNaN();
        assertThat(r.set().poolIc()).isNaN();
        assertThat(r.set().weights()).isEmpty();
        assertThat(r.toJson()).contains("\"diversity\": null", "\"weights\": {}");
    }

    @Test
    void theForwardReturnLabelIsCloseToCloseAndTheLastDayIsNotScored() {
        // Horizon 2 on 120 rows: rows 118 and 119 have no label, so 118 days are scored.
        ScoreReport r = new Scorer(new PlainKernels()).score(new ScoreRequest(market,
                List.of(Markets.alpha("m", "rank(close)")), new Label.ForwardReturn(2), null, null));
        assertThat(r.horizon()).isEqualTo(2);
        assertThat(r.label()).isEqualTo("fwd_return_2d");
        assertThat(r.to()).isEqualTo(market.timestamps().get(ROWS - 3));
        assertThat(r.alphas().get(0).days()).isEqualTo(ROWS - 2);
    }

    @Test
    void aDateRangeWithNoDataIsAClearError() {
        assertThatThrownBy(() -> new Scorer(new PlainKernels()).score(new ScoreRequest(market,
                List.of(Markets.alpha("m", "rank(close)")), new Label.ForwardReturn(1), "2030-01-01", "2030-12-31")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("no data between 2030-01-01 and 2030-12-31");
    }

    @Test
    void aHorizonLongerThanTheDataIsAClearError() {
        assertThatThrownBy(() -> new Scorer(new PlainKernels()).score(new ScoreRequest(market,
                List.of(Markets.alpha("m", "rank(close)")), new Label.ForwardReturn(300), null, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("horizon 300 is longer than the data (120 rows)");
    }

    @Test
    void aRangeWhoseLabelIsNeverKnownIsAClearError() {
        String last = market.timestamps().get(ROWS - 1);
        assertThatThrownBy(() -> new Scorer(new PlainKernels()).score(new ScoreRequest(market,
                List.of(Markets.alpha("m", "rank(close)")), new Label.ForwardReturn(1), last, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("no day between " + last + " and " + last + " has the label fwd_return_1d");
    }

    @Test
    void anUnknownLabelNameIsAClearError() {
        CheckedFile file = Checker.standard().check(new Source("mine.alpha", "alpha m = rank(close)\n"
                + "label fwd1 = delay(close, -1) / close - 1\nlabel fwd5 = delay(close, -5) / close - 1\n"));
        assertThatThrownBy(() -> Label.named(file, "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no label named 'x' in the file (it has: fwd1, fwd5)");
        assertThatThrownBy(() -> Label.named(file, "m")).hasMessageContaining("(it has: fwd1, fwd5)");
        Label fwd5 = Label.named(file, "fwd5");
        assertThat(fwd5.name()).isEqualTo("fwd5");
        assertThat(fwd5.horizon()).isEqualTo(5);
    }

    @Test
    void aNamedForwardLabelScoresLikeTheForwardReturn() {
        List<CheckedAlpha> alphas = List.of(Markets.alpha("m", "rank(delta(close, 2))"));
        Scorer scorer = new Scorer(new PlainKernels());
        ScoreReport builtIn = scorer.score(new ScoreRequest(market, alphas, new Label.ForwardReturn(1), null, null));
        ScoreReport named = scorer.score(new ScoreRequest(market, alphas,
                new Label.Named(Markets.label("fwd1", "delay(close, -1) / close - 1")), null, null));
        assertThat(named.alphas().get(0).ic()).isEqualTo(builtIn.alphas().get(0).ic());
        assertThat(named.alphas().get(0).rankIc()).isEqualTo(builtIn.alphas().get(0).rankIc());
        assertThat(named.horizon()).isEqualTo(1);
    }

    @Test
    void badRequestsAreClearErrors() {
        Label label = new Label.ForwardReturn(1);
        CheckedAlpha m = Markets.alpha("m", "rank(close)");
        assertThatThrownBy(() -> new ScoreRequest(market, List.of(), label, null, null))
                .hasMessage("no alphas to score");
        assertThatThrownBy(() -> new ScoreRequest(market, List.of(m, m), label, null, null))
                .hasMessage("two alphas are named 'm'");
        assertThatThrownBy(() -> new ScoreRequest(market, List.of(Markets.label("l", "close")), label, null, null))
                .hasMessageContaining("is a label, not an alpha");
        assertThatThrownBy(() -> new ScoreRequest(market, List.of(m), label, null, null, 1, null, 0))
                .hasMessage("the pool capacity must be at least 1, got 0");
        assertThatThrownBy(() -> new Label.ForwardReturn(0)).hasMessage("horizon must be at least 1 day, got 0");
        assertThatThrownBy(() -> new Scorer(new PlainKernels()).score(new ScoreRequest(market, List.of(m),
                new Label.Named(Markets.label("capital", "cap")), null, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the label 'capital' cannot be evaluated: field 'cap' is not in the data");
    }

    @Test
    void theReportIsSortedByCompositeAndTheJsonFollowsTheContract() {
        List<AlphaScore> alphas = report.alphas();
        for (int i = 1; i < alphas.size(); i++) {
            double previous = alphas.get(i - 1).composite();
            double current = alphas.get(i).composite();
            assertThat(Double.isNaN(current) || previous >= current).isTrue();
        }
        assertThat(alphas.get(0).name()).isEqualTo("planted");
        String json = report.toJson();
        assertThat(json).startsWith("{\n  \"range\": {\n    \"from\": \"2020-01-01\",")
                .contains("\"horizon\": 0", "\"alphas\": [", "\"rank_icir\": ", "\"logic_notes\": [",
                        "\"coverage\": ", "\"set\": {", "\"diversity\": ", "\"pool_ic\": ", "\"pool_rank_ic\": ",
                        "\"weights\": {\n      \"planted\": ")
                .doesNotContain("NaN", "Infinity");
        assertThat(report.toTable()).contains("planted", "Set: diversity", "Logic notes:");
    }

    private static double pfsOf(ScoreReport r, String name) {
        return r.alphas().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow().pfs();
    }
}
