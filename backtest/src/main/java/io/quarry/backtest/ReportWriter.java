package io.quarry.backtest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.jfree.chart.JFreeChart;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Writes the report of a {@link BacktestRun} into a folder:
 * <ul>
 *   <li>{@code index.html}: one self-contained page (no network needed): the sortable summary of
 *       every result, then for each selected one its key numbers and four charts (cumulative return
 *       with drawdown, IC by month, quantile returns, IC decay);</li>
 *   <li>{@code metrics.json}: the run's settings and every result's metrics, monthly ICs, quantile
 *       returns and (for the selected) IC decay;</li>
 *   <li>{@code summary.csv}, and {@code series/<name>_{daily,ic_daily,ic_monthly,quantiles,ic_decay}.csv}:
 *       the series behind each chart.</li>
 * </ul>
 * Stateless.
 */
public final class ReportWriter {

    /** The report page's file name. */
    public static final String INDEX = "index.html";
    /** The metrics file's name. */
    public static final String METRICS = "metrics.json";

    public ReportWriter() {
    }

    /**
     * Starts loading the report's libraries in a background (daemon) thread and returns at once:
     * Tablesaw scans the class path the first time a table is made and Java2D loads its fonts the
     * first time a chart is drawn, about a second or two together. A caller with other work first
     * (loading and evaluating data) can overlap that with it. Never required.
     */
    public static void warmUp() {
        Thread thread = new Thread(() -> {
            SummaryTable.of(List.of());
            Charts.svg(Charts.quantiles(List.of(0.0)), "warm-up");
        }, "report-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    /** Writes the report into {@code dir} (created if needed; files of an earlier report are replaced). */
    public void write(BacktestRun run, Path dir) throws IOException {
        Path series = dir.resolve("series");
        Files.createDirectories(series);
        Table summary = summary(run);
        summary.write().csv(dir.resolve("summary.csv").toFile());
        Map<String, List<String>> charts = new LinkedHashMap<>();
        for (String name : run.selected()) {
            BacktestResult r = run.result(name).orElseThrow();
            for (Map.Entry<String, Table> e : seriesTables(r).entrySet()) {
                e.getValue().write().csv(series.resolve(name + "_" + e.getKey() + ".csv").toFile());
            }
            charts.put(name, charts(r));
        }
        Files.writeString(dir.resolve(METRICS), metricsJson(run), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(INDEX), HtmlReport.render(run, summary, charts), StandardCharsets.UTF_8);
    }

    /** The content of {@code metrics.json}. */
    public String metricsJson(BacktestRun run) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("from", run.from());
        json.put("to", run.to());
        json.put("symbols", run.symbols());
        json.put("spec", spec(run.spec()));
        json.put("combination", run.combination().label());
        json.put("selected", run.selected());
        List<Object> failed = new ArrayList<>();
        run.failed().forEach((name, error) -> failed.add(Map.of("name", name, "error", error)));
        json.put("failed", failed);
        json.put("alphas", run.alphas().stream().map(ReportWriter::result).toList());
        json.put("combined", run.combined().map(ReportWriter::result).orElse(null));
        return Json.write(json);
    }

    // ---------------------------------------------------------------------------------------------

    /** Every result, best Sharpe first (NaN last). */
    private static Table summary(BacktestRun run) {
        List<BacktestResult> sorted = new ArrayList<>(run.all());
        sorted.sort(Comparator.comparingDouble(r -> Double.isNaN(r.metrics().sharpe()) ? Double.POSITIVE_INFINITY
                : -r.metrics().sharpe()));
        return SummaryTable.of(sorted);
    }

    private static List<String> charts(BacktestResult r) {
        List<JFreeChart> charts = new ArrayList<>(List.of(Charts.cumulative(r.daily()), Charts.monthlyIc(r.monthlyIc()),
                Charts.quantiles(r.quantileReturns())));
        if (!r.icDecay().isEmpty()) {
            charts.add(Charts.icDecay(r.icDecay()));
        }
        List<String> svgs = new ArrayList<>();
        for (int i = 0; i < charts.size(); i++) {
            svgs.add(Charts.svg(charts.get(i), "chart-" + r.name().replace('.', '-') + "-" + (i + 1)));
        }
        return svgs;
    }

    private static Map<String, Table> seriesTables(BacktestResult r) {
        BacktestResult.Daily d = r.daily();
        Map<String, Table> tables = new LinkedHashMap<>();
        tables.put("daily", Table.create("daily", StringColumn.create("date", d.dates()),
                doubles("gross", d.gross()), doubles("cost", d.cost()), doubles("net", d.net()),
                doubles("turnover", d.turnover()), doubles("market", d.market()),
                doubles("cumulative", d.cumulative()), doubles("drawdown", d.drawdown()),
                doubles("gross_cumulative", d.grossCumulative()), doubles("market_cumulative", d.marketCumulative())));
        tables.put("ic_daily", Table.create("ic_daily", StringColumn.create("date", r.ic().dates()),
                doubles("ic", r.ic().ic()), doubles("rank_ic", r.ic().rankIc())));
        List<BacktestResult.MonthlyIc> months = r.monthlyIc();
        tables.put("ic_monthly", Table.create("ic_monthly",
                StringColumn.create("month", months.stream().map(BacktestResult.MonthlyIc::month).toList()),
                doubles("ic", months.stream().map(BacktestResult.MonthlyIc::ic).toList()),
                doubles("rank_ic", months.stream().map(BacktestResult.MonthlyIc::rankIc).toList()),
                IntColumn.create("days", months.stream().mapToInt(BacktestResult.MonthlyIc::days).toArray())));
        tables.put("quantiles", Table.create("quantiles",
                IntColumn.create("quantile", IntStream.rangeClosed(1, r.quantileReturns().size()).toArray()),
                doubles("mean_return", r.quantileReturns())));
        if (!r.icDecay().isEmpty()) {
            tables.put("ic_decay", Table.create("ic_decay",
                    IntColumn.create("horizon", IntStream.rangeClosed(1, r.icDecay().size()).toArray()),
                    doubles("rank_ic", r.icDecay())));
        }
        return tables;
    }

    private static DoubleColumn doubles(String name, List<Double> values) {
        return DoubleColumn.create(name, values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static Map<String, Object> spec(BacktestSpec spec) {
        Map<String, Object> json = new LinkedHashMap<>();
        if (spec.strategy() instanceof Strategy.LongShortQuantiles q) {
            json.put("strategy", "longshort");
            json.put("quantiles", q.quantiles());
        } else {
            Strategy.TopkDropout t = (Strategy.TopkDropout) spec.strategy();
            json.put("strategy", "topk");
            json.put("topk", t.topk());
            json.put("n_drop", t.nDrop());
        }
        json.put("buy_cost", spec.buyCost());
        json.put("sell_cost", spec.sellCost());
        json.put("price", spec.price().label());
        json.put("lag", spec.lag());
        json.put("min_pairs", spec.minPairs());
        json.put("analysis_quantiles", spec.analysisQuantiles());
        return json;
    }

    private static Map<String, Object> result(BacktestResult r) {
        Metrics m = r.metrics();
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("days", m.days());
        metrics.put("total_return", m.totalReturn());
        metrics.put("annual_return", m.annualReturn());
        metrics.put("annual_volatility", m.annualVolatility());
        metrics.put("sharpe", m.sharpe());
        metrics.put("information_ratio", m.informationRatio());
        metrics.put("max_drawdown", m.maxDrawdown());
        metrics.put("drawdown_peak", m.drawdownPeak());
        metrics.put("drawdown_trough", m.drawdownTrough());
        metrics.put("calmar", m.calmar());
        metrics.put("turnover", m.turnover());
        metrics.put("hit_rate", m.hitRate());
        metrics.put("gross_annual_return", m.grossAnnualReturn());
        metrics.put("annual_cost", m.annualCost());
        metrics.put("ic", m.ic());
        metrics.put("icir", m.icir());
        metrics.put("rank_ic", m.rankIc());
        metrics.put("rank_icir", m.rankIcir());
        metrics.put("ic_days", m.icDays());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", r.name());
        json.put("description", r.description());
        json.put("start", r.daily().start());
        json.put("first_day", r.daily().dates().get(0));
        json.put("last_day", r.daily().dates().get(r.daily().dates().size() - 1));
        json.put("metrics", metrics);
        json.put("ic_monthly", r.monthlyIc().stream().map(mi -> {
            Map<String, Object> month = new LinkedHashMap<>();
            month.put("month", mi.month());
            month.put("ic", mi.ic());
            month.put("rank_ic", mi.rankIc());
            month.put("days", mi.days());
            return month;
        }).toList());
        json.put("quantile_returns", r.quantileReturns());
        json.put("ic_decay", r.icDecay().isEmpty() ? null : r.icDecay());
        return json;
    }
}
