package io.quarry.evaluator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.quarry.connectors.BarsReader;
import io.quarry.connectors.GroupsReader;
import io.quarry.dsl.check.CheckedAlpha;
import io.quarry.dsl.check.Checker;
import io.quarry.dsl.eval.BatchEvaluator;
import io.quarry.dsl.panel.Panel;
import io.quarry.dsl.parse.Source;
import io.quarry.dsl.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The 101 WQ alphas scored on the shared S&P 500 panel over 2016 against the next-day
 * close-to-close return: IC and RankIC agree with a naive implementation written here, and with
 * the independent reference scores of shared/data/reference.
 */
class Wq101ScoresTest {

    /**
     * Formulas whose values rank mathematically tied quantities, so float noise breaks the ties
     * differently in any two implementations (docs/CONFORMANCE.md lists the first twelve; the others
     * showed a few cells ranked one place apart in the 40-symbol reference sample, or, for #068 and
     * #060, rank booleans and ratios of cents). Their IC moves by up to ~1e-3 (#097 has only 12
     * scored days, so one flipped cell weighs more).
     */
    private static final Set<String> TIE_SENSITIVE = Set.of("wq101_005", "wq101_015", "wq101_031", "wq101_045",
            "wq101_063", "wq101_069", "wq101_076", "wq101_085", "wq101_088", "wq101_092", "wq101_094", "wq101_098",
            "wq101_060", "wq101_068", "wq101_071", "wq101_073", "wq101_078", "wq101_079", "wq101_097");
    private static final double TIGHT = 1e-6;
    private static final double TIGHT_IR = 1e-5;
    private static final double LOOSE = 3e-3;
    private static final double LOOSE_IR = 2e-2;

    private static Panel panel;
    private static List<CheckedAlpha> alphas;
    private static ScoreReport report;
    private static Map<String, Map<String, Double>> reference;

    @BeforeAll
    static void scoreTheSharedPanel() throws IOException {
        panel = BarsReader.read(SharedData.file("sp500_2013_2016.csv.gz"),
                GroupsReader.read(SharedData.file("sp500_sectors.csv")));
        String text = Files.readString(SharedData.repoRoot().resolve("alphas/wq101.alpha"));
        alphas = Checker.standard().check(new Source("wq101.alpha", text)).orThrow();
        report = new Scorer(new PlainKernels()).score(new ScoreRequest(panel, alphas, new Label.ForwardReturn(1),
                "2016-01-01", "2016-12-31"));
        reference = readReference(Files.readString(SharedData.file("reference/wq101_scores_2016.json")));
    }

    private static AlphaScore score(String name) {
        return report.alphas().stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void everyFormulaButTheCapOneIsScored() {
        assertThat(report.alphas()).hasSize(101);
        assertThat(report.alphas().stream().filter(a -> a.error() != null)).singleElement()
                .satisfies(a -> assertThat(a.name()).isEqualTo("wq101_056"));
        assertThat(report.from()).isEqualTo("2016-01-04");
        assertThat(report.to()).isEqualTo("2016-12-29");
        assertThat(report.set().weights()).hasSizeBetween(1, 20);
        assertThat(report.set().diversity()).isBetween(0.0, 1.0);
    }

    @Test
    void icAndRankIcAgreeWithANaiveImplementation() {
        // The values the scorer scored (the rows its plan evaluates); everything after is naive.
        ScoringRange range = ScoringRange.resolve(panel, new Label.ForwardReturn(1), "2016-01-01", "2016-12-31",
                new BatchEvaluator());
        RowPlan plan = RowPlan.of(range, alphas);
        double[][] values = plan.evaluate(PanelSlices.rows(panel, plan.first(), plan.end()), alphas,
                IntStream.range(0, alphas.size()).toArray(), range, new BatchEvaluator(), new String[alphas.size()]);
        Naive naive = new Naive(panel, 2016);
        int compared = 0;
        for (int a = 0; a < alphas.size(); a++) {
            if (values[a] == null) {
                continue;
            }
            double[] expected = naive.scores(values[a], range.rows);
            AlphaScore actual = score(alphas.get(a).name());
            assertThat(actual.ic()).as(actual.name() + " ic").isCloseTo(expected[0], within(1e-9));
            assertThat(actual.rankIc()).as(actual.name() + " rank_ic").isCloseTo(expected[1], within(1e-9));
            assertThat(actual.icir()).as(actual.name() + " icir").isCloseTo(expected[2], within(1e-9));
            assertThat(actual.rankIcir()).as(actual.name() + " rank_icir").isCloseTo(expected[3], within(1e-9));
            assertThat(actual.days()).as(actual.name() + " days").isEqualTo((int) expected[4]);
            compared++;
        }
        assertThat(compared).isEqualTo(100);
    }

    @Test
    void scoresAgreeWithTheIndependentReference() {
        List<String> lines = new ArrayList<>();
        double worstTight = 0;
        double worstLoose = 0;
        for (AlphaScore a : report.alphas()) {
            if (a.error() != null) {
                continue;
            }
            Map<String, Double> ref = reference.get(a.name());
            double dIc = Math.max(difference(a.ic(), ref.get("ic")), difference(a.rankIc(), ref.get("rank_ic")));
            double dIr = Math.max(difference(a.icir(), ref.get("icir")),
                    difference(a.rankIcir(), ref.get("rank_icir")));
            boolean loose = TIE_SENSITIVE.contains(a.name());
            assertThat(a.days()).as(a.name() + " days").isEqualTo(ref.get("days").intValue());
            assertThat(dIc).as(a.name() + " |ic - reference|").isLessThanOrEqualTo(loose ? LOOSE : TIGHT);
            assertThat(dIr).as(a.name() + " |icir - reference|").isLessThanOrEqualTo(loose ? LOOSE_IR : TIGHT_IR);
            if (loose) {
                worstLoose = Math.max(worstLoose, dIc);
                lines.add(String.format(Locale.ROOT, "  %s  |d ic| %.2e  |d icir| %.2e", a.name(), dIc, dIr));
            } else {
                worstTight = Math.max(worstTight, dIc);
            }
        }
        System.out.printf(Locale.ROOT, "WQ101 2016 vs reference: %d formulas within %.0e (worst %.2e); "
                + "tie-sensitive (worst %.2e):%n%s%n", 100 - lines.size(), TIGHT, worstTight, worstLoose,
                String.join("\n", lines));
    }

    /** |a - b|, 0 when both are NaN (no day scored in either), infinite when only one is. */
    private static double difference(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b)) {
            return Double.isNaN(a) && Double.isNaN(b) ? 0 : Double.POSITIVE_INFINITY;
        }
        return Math.abs(a - b);
    }

    // ---------------------------------------------------------------------------------------------

    /**
     * IC, RankIC, their IRs and the day count by the book: textbook Pearson per day over the symbols
     * where both values are present, ranks by sorting a copy and averaging the positions of equal
     * values, plain loops throughout. Shares no code with the scorer.
     */
    private static final class Naive {
        private final Panel panel;
        private final int year;

        Naive(Panel panel, int year) {
            this.panel = panel;
            this.year = year;
        }

        /** {ic, rank_ic, icir, rank_icir, days} of time-major values on the given rows. */
        double[] scores(double[] values, int[] scoringRows) {
            int n = panel.symbolCount();
            int rows = panel.rows();
            double[] close = panel.values("close");
            List<Double> ics = new ArrayList<>();
            List<Double> rankIcs = new ArrayList<>();
            int day = 0;
            for (int t = 0; t < rows - 1; t++) {
                if (Integer.parseInt(panel.timestamps().get(t).substring(0, 4)) != year) {
                    continue;
                }
                List<double[]> pairs = new ArrayList<>();
                int labelled = 0;
                for (int s = 0; s < n; s++) {
                    double label = panel.hasBar(t, s) ? close[s * rows + t + 1] / close[s * rows + t] - 1 : Double.NaN;
                    if (!Double.isFinite(label)) {
                        continue;
                    }
                    labelled++;
                    if (day < scoringRows.length && scoringRows[day] == t) {
                        double x = values[day * n + s];
                        if (!Double.isNaN(x)) {
                            pairs.add(new double[] {x, label});
                        }
                    }
                }
                if (labelled < 10) {
                    continue;
                }
                assertThat(scoringRows[day]).isEqualTo(t);
                day++;
                if (pairs.size() < 10) {
                    continue;
                }
                double[] x = pairs.stream().mapToDouble(p -> p[0]).toArray();
                double[] y = pairs.stream().mapToDouble(p -> p[1]).toArray();
                double ic = Textbook.pearson(x, y);
                if (!Double.isNaN(ic)) {
                    ics.add(ic);
                    rankIcs.add(Textbook.pearson(Textbook.ranks(x), Textbook.ranks(y)));
                }
            }
            return new double[] {mean(ics), mean(rankIcs), mean(ics) / sd(ics), mean(rankIcs) / sd(rankIcs),
                ics.size()};
        }

        private static double mean(List<Double> v) {
            return v.stream().mapToDouble(Double::doubleValue).sum() / v.size();
        }

        private static double sd(List<Double> v) {
            double m = mean(v);
            return Math.sqrt(v.stream().mapToDouble(x -> (x - m) * (x - m)).sum() / (v.size() - 1));
        }
    }

    /** name -> {ic, rank_ic, icir, rank_icir, days} from the reference JSON (flat objects, numbers). */
    private static Map<String, Map<String, Double>> readReference(String json) {
        Map<String, Map<String, Double>> out = new HashMap<>();
        Matcher object = Pattern.compile("\\{([^{}]*)\\}").matcher(json);
        Pattern field = Pattern.compile("\"(\\w+)\"\\s*:\\s*(\"[^\"]*\"|[-0-9.eE+]+|null)");
        while (object.find()) {
            Matcher f = field.matcher(object.group(1));
            String name = null;
            Map<String, Double> numbers = new HashMap<>();
            while (f.find()) {
                String value = f.group(2);
                if (f.group(1).equals("name")) {
                    name = value.substring(1, value.length() - 1);
                } else if (!value.startsWith("\"")) {
                    numbers.put(f.group(1), value.equals("null") ? Double.NaN : Double.parseDouble(value));
                }
            }
            if (name != null && numbers.containsKey("ic")) {
                out.put(name, numbers);
            }
        }
        return out;
    }
}
