package io.quarry.backtest;

import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** The summary of a run as a Tablesaw table: one row per result, one column per metric. */
final class SummaryTable {

    /** How a metric is shown in the page. */
    enum Format {
        PERCENT, RATIO, IC;

        String format(double v) {
            if (!Double.isFinite(v)) {
                return "\u2013";
            }
            return switch (this) {
                case PERCENT -> String.format(Locale.ROOT, "%.2f%%", v * 100);
                case RATIO -> String.format(Locale.ROOT, "%.2f", v);
                case IC -> String.format(Locale.ROOT, "%.4f", v);
            };
        }
    }

    /**
     * @param key    the column name (in the CSV and the JSON)
     * @param header the column header in the page
     * @param title  what the header's tooltip explains
     */
    record Column(String key, String header, String title, Format format, ToDoubleFunction<Metrics> value) {
    }

    static final String NAME = "signal";

    static final List<Column> COLUMNS = List.of(
            new Column("annual_return", "Ann. return", "mean daily net return x 252", Format.PERCENT,
                    Metrics::annualReturn),
            new Column("annual_volatility", "Ann. vol", "std of daily net returns (ddof 1) x sqrt(252)",
                    Format.PERCENT, Metrics::annualVolatility),
            new Column("sharpe", "Sharpe", "annual return / annual volatility", Format.RATIO, Metrics::sharpe),
            new Column("information_ratio", "IR", "Sharpe of the excess return over the equal-weight market",
                    Format.RATIO, Metrics::informationRatio),
            new Column("max_drawdown", "Max DD", "deepest fall of the compounded net curve from its peak",
                    Format.PERCENT, Metrics::maxDrawdown),
            new Column("calmar", "Calmar", "annual return / |max drawdown|", Format.RATIO, Metrics::calmar),
            new Column("turnover", "Turnover", "mean daily sum |dw| / 2", Format.PERCENT, Metrics::turnover),
            new Column("hit_rate", "Hit rate", "fraction of days with a net return > 0", Format.PERCENT,
                    Metrics::hitRate),
            new Column("annual_cost", "Ann. cost", "mean daily trading cost x 252", Format.PERCENT,
                    Metrics::annualCost),
            new Column("ic", "IC", "mean daily Pearson IC", Format.IC, Metrics::ic),
            new Column("rank_ic", "RankIC", "mean daily Spearman IC", Format.IC, Metrics::rankIc),
            new Column("rank_icir", "RankICIR", "mean / std of the daily RankIC", Format.RATIO, Metrics::rankIcir),
            new Column("total_return", "Total return", "compounded net return over the range", Format.PERCENT,
                    Metrics::totalReturn));

    private SummaryTable() {
    }

    /** The results in the order given. */
    static Table of(List<BacktestResult> results) {
        Table table = Table.create("summary",
                StringColumn.create(NAME, results.stream().map(BacktestResult::name).toList()));
        for (Column column : COLUMNS) {
            table.addColumns(DoubleColumn.create(column.key(),
                    results.stream().mapToDouble(r -> column.value().applyAsDouble(r.metrics())).toArray()));
        }
        return table;
    }
}
