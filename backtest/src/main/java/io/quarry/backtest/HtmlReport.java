package io.quarry.backtest;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import tech.tablesaw.api.Table;

/**
 * The report page: one self-contained HTML file (styles, script and SVG charts inline; no external
 * resource of any kind, so it opens without a network).
 */
final class HtmlReport {

    private static final String STYLE = """
            :root { color-scheme: light; }
            body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", Arial, sans-serif;
                   margin: 0; color: #222; background: #f6f7f9; font-size: 14px; line-height: 1.45; }
            main { max-width: 1340px; margin: 0 auto; padding: 16px 24px 48px; }
            h1 { font-size: 24px; margin: 8px 0 4px; }
            h2 { font-size: 19px; margin: 0 0 6px; }
            section { background: #fff; border: 1px solid #e2e4e8; border-radius: 6px; padding: 16px 18px;
                      margin: 16px 0; }
            .meta { color: #555; margin: 2px 0; }
            .formula { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12.5px; color: #444;
                       background: #f3f4f6; padding: 6px 8px; border-radius: 4px; overflow-wrap: anywhere; }
            nav a { margin-right: 12px; }
            a { color: #1f5fa8; text-decoration: none; }
            a:hover { text-decoration: underline; }
            .scroll { max-height: 70vh; overflow: auto; border: 1px solid #e2e4e8; }
            table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
            th, td { padding: 4px 8px; border-bottom: 1px solid #eceef1; text-align: right; white-space: nowrap; }
            th:first-child, td:first-child { text-align: left; }
            thead th { position: sticky; top: 0; background: #eef1f5; cursor: pointer; user-select: none; }
            thead th[aria-sort=ascending]::after { content: " \\25B2"; font-size: 10px; }
            thead th[aria-sort=descending]::after { content: " \\25BC"; font-size: 10px; }
            tr.selected td:first-child { font-weight: 600; }
            tr.combined td { background: #fff8e6; }
            .kpis { display: flex; flex-wrap: wrap; gap: 8px; margin: 10px 0; }
            .kpi { background: #f3f6fa; border-radius: 4px; padding: 6px 10px; min-width: 110px; }
            .kpi b { display: block; font-size: 16px; }
            .kpi span { color: #666; font-size: 12px; }
            .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 12px; }
            figure { margin: 0; border: 1px solid #eceef1; border-radius: 4px; background: #fff; }
            figure svg { display: block; width: 100%; height: auto; }
            dt { font-weight: 600; margin-top: 6px; }
            dd { margin-left: 16px; color: #444; }
            """;

    /** Sorts the summary on a header click (numbers by their raw value, missing last); marks itself ready. */
    private static final String SCRIPT = """
            (function () {
              var table = document.getElementById('summary-table');
              var heads = table.tHead.rows[0].cells;
              Array.prototype.forEach.call(heads, function (th, col) {
                th.addEventListener('click', function () {
                  var ascending = th.getAttribute('aria-sort') !== 'ascending';
                  Array.prototype.forEach.call(heads, function (h) { h.removeAttribute('aria-sort'); });
                  th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
                  var body = table.tBodies[0];
                  var rows = Array.prototype.slice.call(body.rows);
                  rows.sort(function (a, b) {
                    var x = a.cells[col].getAttribute('data-v');
                    var y = b.cells[col].getAttribute('data-v');
                    if (th.getAttribute('data-type') === 'text') {
                      return ascending ? x.localeCompare(y) : y.localeCompare(x);
                    }
                    var nx = parseFloat(x);
                    var ny = parseFloat(y);
                    if (isNaN(nx) || isNaN(ny)) { return isNaN(nx) - isNaN(ny); }
                    return ascending ? nx - ny : ny - nx;
                  });
                  rows.forEach(function (r) { body.appendChild(r); });
                });
              });
              table.setAttribute('data-sortable', 'ready');
            })();
            """;

    private HtmlReport() {
    }

    /**
     * @param summary the summary table of {@link BacktestRun#all()}, best Sharpe first
     * @param charts  per charted result name, its SVG charts in page order
     */
    static String render(BacktestRun run, Table summary, Map<String, List<String>> charts) {
        StringBuilder html = new StringBuilder(1 << 20);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>Quarry backtest ").append(esc(run.from())).append(" .. ").append(esc(run.to()))
                .append("</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n<main>\n");
        header(html, run);
        summary(html, run, summary);
        for (String name : run.selected()) {
            run.result(name).ifPresent(r -> details(html, r, charts.getOrDefault(name, List.of())));
        }
        definitions(html, run);
        html.append("</main>\n<script>\n").append(SCRIPT).append("</script>\n</body>\n</html>\n");
        return html.toString();
    }

    // ---------------------------------------------------------------------------------------------

    private static void header(StringBuilder html, BacktestRun run) {
        BacktestSpec spec = run.spec();
        html.append("<header>\n<h1>Backtest report</h1>\n");
        html.append("<p class=\"meta\">").append(esc(run.from())).append(" .. ").append(esc(run.to()))
                .append(" &middot; ").append(run.symbols()).append(" symbols &middot; ").append(run.alphas().size())
                .append(run.alphas().size() == 1 ? " alpha" : " alphas").append(" backtested");
        if (!run.failed().isEmpty()) {
            html.append(", ").append(run.failed().size()).append(" could not be evaluated (listed below)");
        }
        html.append("</p>\n<p class=\"meta\">Strategy: ").append(esc(spec.strategy().describe()))
                .append(" &middot; costs ").append(bps(spec.buyCost())).append(" to buy, ")
                .append(bps(spec.sellCost())).append(" to sell &middot; trades at the ")
                .append(spec.price() == PriceMode.CLOSE ? "close of the signal day" : "open of the next day")
                .append(" &middot; lag ").append(spec.lag()).append(spec.lag() == 1 ? " day" : " days");
        run.combined().ifPresent(c -> html.append(" &middot; combination: ").append(run.combination().label()));
        html.append("</p>\n<nav><a href=\"#summary\">Summary</a>");
        for (String name : run.selected()) {
            html.append("<a href=\"#").append(anchor(name)).append("\">").append(esc(name)).append("</a>");
        }
        html.append("<a href=\"#definitions\">Definitions</a></nav>\n</header>\n");
    }

    private static void summary(StringBuilder html, BacktestRun run, Table summary) {
        html.append("<section id=\"summary\">\n<h2>Summary</h2>\n<p class=\"meta\">Every alpha")
                .append(run.combined().isPresent() ? " and the combination (highlighted)" : "")
                .append(", net of costs. Click a column header to sort; names in bold are charted below.</p>\n")
                .append("<div class=\"scroll\">\n<table id=\"summary-table\">\n<thead><tr><th data-type=\"text\">")
                .append("Signal</th>");
        for (SummaryTable.Column column : SummaryTable.COLUMNS) {
            html.append("<th title=\"").append(esc(column.title())).append('"')
                    .append(column.key().equals("sharpe") ? " aria-sort=\"descending\"" : "").append('>')
                    .append(esc(column.header())).append("</th>");
        }
        html.append("</tr></thead>\n<tbody>\n");
        String combined = run.combined().map(BacktestResult::name).orElse(null);
        for (int row = 0; row < summary.rowCount(); row++) {
            String name = summary.stringColumn(SummaryTable.NAME).get(row);
            boolean charted = run.selected().contains(name);
            html.append("<tr").append(name.equals(combined) ? " class=\"combined selected\""
                    : charted ? " class=\"selected\"" : "").append("><td data-v=\"").append(esc(name)).append("\">");
            if (charted) {
                html.append("<a href=\"#").append(anchor(name)).append("\">").append(esc(name)).append("</a>");
            } else {
                html.append(esc(name));
            }
            html.append("</td>");
            for (SummaryTable.Column column : SummaryTable.COLUMNS) {
                double v = summary.doubleColumn(column.key()).getDouble(row);
                html.append("<td data-v=\"").append(Double.isFinite(v) ? Double.toString(v) : "")
                        .append("\">").append(column.format().format(v)).append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</tbody>\n</table>\n</div>\n");
        if (!run.failed().isEmpty()) {
            html.append("<p class=\"meta\">Not evaluated:</p>\n<ul>\n");
            run.failed().forEach((name, error) -> html.append("<li><b>").append(esc(name)).append("</b>: ")
                    .append(esc(error)).append("</li>\n"));
            html.append("</ul>\n");
        }
        html.append("</section>\n");
    }

    private static void details(StringBuilder html, BacktestResult r, List<String> charts) {
        Metrics m = r.metrics();
        html.append("<section id=\"").append(anchor(r.name())).append("\" class=\"alpha\">\n<h2>")
                .append(esc(r.name())).append("</h2>\n<div class=\"formula\">").append(esc(r.description()))
                .append("</div>\n<p class=\"meta\">").append(m.days()).append(" return days, ")
                .append(esc(r.daily().dates().get(0))).append(" .. ")
                .append(esc(r.daily().dates().get(r.daily().dates().size() - 1))).append("</p>\n<div class=\"kpis\">");
        kpi(html, SummaryTable.Format.RATIO.format(m.sharpe()), "Sharpe");
        kpi(html, SummaryTable.Format.PERCENT.format(m.annualReturn()), "ann. return");
        kpi(html, SummaryTable.Format.PERCENT.format(m.annualVolatility()), "ann. volatility");
        kpi(html, SummaryTable.Format.RATIO.format(m.informationRatio()), "IR vs market");
        kpi(html, SummaryTable.Format.PERCENT.format(m.maxDrawdown()), m.drawdownPeak() == null ? "max drawdown"
                : "max drawdown " + m.drawdownPeak() + " \u2192 " + m.drawdownTrough());
        kpi(html, SummaryTable.Format.RATIO.format(m.calmar()), "Calmar");
        kpi(html, SummaryTable.Format.PERCENT.format(m.turnover()), "turnover / day");
        kpi(html, SummaryTable.Format.PERCENT.format(m.hitRate()), "hit rate");
        kpi(html, SummaryTable.Format.IC.format(m.ic()), "IC");
        kpi(html, SummaryTable.Format.IC.format(m.rankIc()), "RankIC");
        html.append("</div>\n<div class=\"charts\">\n");
        for (String svg : charts) {
            html.append("<figure>").append(svg).append("</figure>\n");
        }
        html.append("</div>\n</section>\n");
    }

    private static void kpi(StringBuilder html, String value, String label) {
        html.append("<div class=\"kpi\"><b>").append(esc(value)).append("</b><span>").append(esc(label))
                .append("</span></div>");
    }

    private static void definitions(StringBuilder html, BacktestRun run) {
        int q = run.spec().analysisQuantiles();
        html.append("""
                <section id="definitions">
                <h2>Definitions</h2>
                <dl>
                <dt>Trading</dt><dd>The signal of day t (after its close) sets the target weights; they earn \
                from the close of t to the close of t+1 (or, trading at the open, from the open of t+1 to the \
                open of t+2), booked on day t+1. A symbol without a return that day contributes 0.</dd>
                <dt>Costs and turnover</dt><dd>Each day's trade is the change of target weights; cost = buy rate \
                &times; weight bought + sell rate &times; weight sold, taken from that day's return. Turnover = \
                sum |change| / 2.</dd>
                <dt>Returns and risk</dt><dd>Annual return = mean daily net return &times; 252; volatility = \
                daily standard deviation (ddof 1) &times; &radic;252; Sharpe = their ratio (risk-free 0); IR = \
                the same ratio for the return in excess of the equal-weight market; max drawdown on the \
                compounded curve; Calmar = annual return / |max drawdown|; hit rate = share of days above 0.</dd>
                <dt>IC</dt><dd>Each signal day, the Pearson (IC) and Spearman (RankIC) correlation across \
                symbols of the signal with the return it trades into; days with too few pairs are skipped. \
                IC decay: mean RankIC against the h-day return from the same entry, h = 1..20.</dd>
                """);
        html.append("<dt>Quantile returns</dt><dd>Each signal day the symbols are split into ").append(q)
                .append(" equal-count buckets by signal rank; a bucket's return is the mean return of its symbols;"
                        + " the chart shows its mean over days.</dd>\n");
        html.append("<dt>Full definitions</dt><dd>docs/BACKTEST.md in the Quarry repository.</dd>\n</dl>\n</section>\n");
    }

    private static String bps(double rate) {
        return String.format(Locale.ROOT, "%.1f bps", rate * 1e4);
    }

    /** The id of a result's section. */
    static String anchor(String name) {
        return "signal-" + name;
    }

    static String esc(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
