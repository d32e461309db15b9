package io.quarry.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.quarry.dsl.check.CheckedFile;
import io.quarry.dsl.check.Checker;
import io.quarry.dsl.eval.BatchEvaluator;
import io.quarry.dsl.eval.Evaluation;
import io.quarry.dsl.panel.Panel;
import io.quarry.dsl.parse.Source;
import io.quarry.dsl.synth.MarketGenerator;
import io.quarry.evaluator.PlainKernels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests for {@link ReportWriter}: the files, the self-contained page, and the numbers it shows. */
class ReportWriterTest {

    private static final Backtester BACKTESTER = new Backtester(new PlainKernels(), 2);

    /** External references an offline page must not have. */
    static final Pattern EXTERNAL = Pattern.compile(
            "(?i)(?:src|href)\\s*=\\s*['\"]?\\s*(?:https?:)?//|<script[^>]*\\ssrc\\s*=|<link\\b|@import|url\\(\\s*['\"]?(?:https?:)?//");

    static BacktestRun smallRun() {
        Panel panel = MarketGenerator.generate(new MarketGenerator.Spec(60, 200, 3));
        CheckedFile file = Checker.standard().check(new Source("small.alpha", """
                alpha mom5 = rank(delta(close, 5))
                alpha rev1 = -rank(returns)
                alpha vol10 = -stddev(returns, 10)
                alpha capped = rank(cap)
                """));
        Evaluation evaluation = new BatchEvaluator().evaluate(panel, file.orThrow());
        return BACKTESTER.runAll(panel, evaluation, 60, 200, BacktestSpec.defaults(), Combination.EQUAL, 2);
    }

    @Test
    void writesASelfContainedPageMetricsAndSeries(@TempDir Path dir) throws IOException {
        BacktestRun run = smallRun();
        new ReportWriter().write(run, dir);
        assertThat(run.failed()).containsOnlyKeys("capped");
        assertThat(run.selected()).hasSize(3).endsWith("combined_equal");
        String html = Files.readString(dir.resolve("index.html"));
        assertThat(EXTERNAL.matcher(html).find()).as("an external reference").isFalse();
        // Every result in the summary; four charts for each selected result; ids unique in the page.
        for (String name : List.of("mom5", "rev1", "vol10", "combined_equal")) {
            assertThat(html).contains("<td data-v=\"" + name + "\">");
        }
        assertThat(count(html, "<svg ")).isEqualTo(12);
        Set<String> ids = new HashSet<>();
        Matcher id = Pattern.compile("id=['\"]([^'\"]+)['\"]").matcher(html);
        while (id.find()) {
            assertThat(ids.add(id.group(1))).as("duplicate id %s", id.group(1)).isTrue();
        }
        for (String name : run.selected()) {
            assertThat(html).contains("<section id=\"signal-" + name + "\"").contains("href=\"#signal-" + name + "\"");
        }
        assertThat(html).contains("<b>capped</b>: field &#39;cap&#39; is not in the data");
        // The summary and series files.
        List<String> summary = Files.readAllLines(dir.resolve("summary.csv"));
        assertThat(summary).hasSize(5);
        assertThat(summary.get(0)).startsWith("signal,annual_return,annual_volatility,sharpe,");
        for (String name : run.selected()) {
            for (String kind : List.of("daily", "ic_daily", "ic_monthly", "quantiles", "ic_decay")) {
                assertThat(dir.resolve("series").resolve(name + "_" + kind + ".csv")).isNotEmptyFile();
            }
        }
        String json = Files.readString(dir.resolve("metrics.json"));
        assertThat(json).startsWith("{").contains("\"combination\": \"equal\"").contains("\"name\": \"capped\"")
                .contains("\"strategy\": \"longshort\"").doesNotContain("NaN").doesNotContain("Infinity");
    }

    @Test
    void theHandMarketsReportShowsTheHandNumbers(@TempDir Path dir) throws IOException {
        BacktestRun run = BACKTESTER.runAll(HandComputedTest.market(), List.of(HandComputedTest.signal()), 0, 6,
                HandComputedTest.LONG_SHORT, Combination.NONE, 1);
        new ReportWriter().write(run, dir);
        // See HandComputedTest: mean net 0.0268 (x 252 = 6.7536), turnover 1.6, hit rate 0.6, max drawdown
        // -0.105792 from 2020-01-04 to 2020-01-06, 4 IC days.
        String html = Files.readString(dir.resolve("index.html"));
        assertThat(html).contains(">675.36%<").contains(">160.00%<").contains(">60.00%<").contains(">-10.58%<")
                .contains("2020-01-04 \u2192 2020-01-06");
        String json = Files.readString(dir.resolve("metrics.json"));
        assertThat(number(json, "annual_return")).isCloseTo(6.7536, within(1e-12));
        assertThat(number(json, "turnover")).isCloseTo(1.6, within(1e-12));
        assertThat(number(json, "hit_rate")).isEqualTo(0.6);
        assertThat(number(json, "max_drawdown")).isCloseTo(-0.105792, within(1e-12));
        assertThat(number(json, "ic_days")).isEqualTo(4);
        assertThat(json).contains("\"drawdown_peak\": \"2020-01-04\"").contains("\"combined\": null");
        List<String> daily = Files.readAllLines(dir.resolve("series/hand_daily.csv"));
        assertThat(daily.get(0)).isEqualTo("date,gross,cost,net,turnover,market,cumulative,drawdown,"
                + "gross_cumulative,market_cumulative");
        assertThat(daily).hasSize(6);
        for (int d = 0; d < 5; d++) {
            String[] cells = daily.get(d + 1).split(",");
            assertThat(Double.parseDouble(cells[3])).isCloseTo(HandComputedTest.NET[d], within(1e-12));
            assertThat(Double.parseDouble(cells[4])).isCloseTo(HandComputedTest.TURNOVER[d], within(1e-12));
        }
        List<String> quantiles = Files.readAllLines(dir.resolve("series/hand_quantiles.csv"));
        assertThat(quantiles.get(0)).isEqualTo("quantile,mean_return");
        assertThat(Double.parseDouble(quantiles.get(2).split(",")[1])).isCloseTo(-0.0175, within(1e-12));
        // The day without an IC is an empty cell.
        assertThat(Files.readAllLines(dir.resolve("series/hand_ic_daily.csv")).get(5)).isEqualTo("2020-01-05,,");
    }

    /** The first {@code "key": number} of the JSON. */
    private static double number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\": (-?[0-9.eE+-]+)").matcher(json);
        assertThat(m.find()).as(key).isTrue();
        return Double.parseDouble(m.group(1));
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
