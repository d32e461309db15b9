package io.quarry.backtest;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Rectangle2D;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.NumberFormat;
import java.text.SimpleDateFormat;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.ClusteredXYBarRenderer;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.time.Month;
import org.jfree.data.time.TimeSeries;
import org.jfree.data.time.TimeSeriesCollection;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;

/**
 * The report's four charts of a result, drawn by JFreeChart into inline SVG (no external resources:
 * text uses the generic sans-serif family). Every chart is styled here, never through JFreeChart's
 * global theme.
 */
final class Charts {

    static final int WIDTH = 640;
    static final int HEIGHT = 360;

    static final Color NET = new Color(0x1f77b4);
    static final Color GROSS = new Color(0x9ecae1);
    static final Color MARKET = new Color(0x7f7f7f);
    static final Color DRAWDOWN = new Color(0xd62728);
    static final Color IC = new Color(0x1f77b4);
    static final Color RANK_IC = new Color(0xff7f0e);
    static final Color QUANTILE = new Color(0x2ca02c);
    static final Color DECAY = new Color(0x9467bd);

    private static final Color GRID = new Color(0xdddddd);
    private static final TimeZone UTC = TimeZone.getTimeZone("UTC");
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

    private Charts() {
    }

    /** Cumulative net, gross and market returns above the net curve's drawdown. */
    static JFreeChart cumulative(BacktestResult.Daily daily) {
        List<String> dates = daily.dates();
        XYSeriesCollection curves = new XYSeriesCollection();
        curves.addSeries(series("net (after costs)", daily.start(), dates, daily.cumulative()));
        curves.addSeries(series("gross", daily.start(), dates, daily.grossCumulative()));
        curves.addSeries(series("equal-weight market", daily.start(), dates, daily.marketCumulative()));
        XYPlot top = new XYPlot(curves, null, percentAxis("cumulative return"), lines(NET, GROSS, MARKET));
        XYSeriesCollection drawdown = new XYSeriesCollection(
                series("drawdown", daily.start(), dates, daily.drawdown()));
        XYPlot bottom = new XYPlot(drawdown, null, percentAxis("drawdown"), lines(DRAWDOWN));
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(monthAxis());
        plot.setGap(8);
        plot.add(top, 3);
        plot.add(bottom, 1);
        styleXy(top);
        styleXy(bottom);
        return chart("Cumulative return and drawdown", plot, true);
    }

    /** Monthly mean IC and RankIC, as bars on a time axis (horizontal labels at any range length). */
    static JFreeChart monthlyIc(List<BacktestResult.MonthlyIc> months) {
        TimeSeries ic = new TimeSeries("IC");
        TimeSeries rankIc = new TimeSeries("RankIC");
        for (BacktestResult.MonthlyIc m : months) {
            YearMonth month = YearMonth.parse(m.month());
            Month period = new Month(month.getMonthValue(), month.getYear());
            ic.add(period, finiteOrNull(m.ic()));
            rankIc.add(period, finiteOrNull(m.rankIc()));
        }
        TimeSeriesCollection data = new TimeSeriesCollection(UTC);
        data.addSeries(ic);
        data.addSeries(rankIc);
        ClusteredXYBarRenderer renderer = new ClusteredXYBarRenderer(0.15, false);
        renderer.setBarPainter(new StandardXYBarPainter());
        renderer.setShadowVisible(false);
        renderer.setSeriesPaint(0, IC);
        renderer.setSeriesPaint(1, RANK_IC);
        NumberAxis values = new NumberAxis("mean daily IC");
        values.setNumberFormatOverride(decimalFormat("0.000"));
        values.setLabelFont(LABEL);
        values.setTickLabelFont(TICK);
        XYPlot plot = new XYPlot(data, monthAxis(), values, renderer);
        styleXy(plot);
        return chart("IC by month", plot, true);
    }

    /** Mean next-period return of each signal quantile, in basis points. */
    static JFreeChart quantiles(List<Double> quantileReturns) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        int q = quantileReturns.size();
        for (int b = 0; b < q; b++) {
            String label = "Q" + (b + 1) + (b == 0 ? " (low)" : b == q - 1 ? " (high)" : "");
            data.addValue(finiteOrNull(quantileReturns.get(b) * 1e4), "mean return", label);
        }
        return chart("Mean daily return by signal quantile",
                bars(data, "bps per day", decimalFormat("0.0"), QUANTILE), false);
    }

    /** Mean RankIC against the h-day forward return, h = 1..n. */
    static JFreeChart icDecay(List<Double> decay) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (int h = 1; h <= decay.size(); h++) {
            data.addValue(finiteOrNull(decay.get(h - 1)), "RankIC", Integer.toString(h));
        }
        CategoryPlot plot = bars(data, "mean RankIC", decimalFormat("0.000"), DECAY);
        plot.getDomainAxis().setLabel("horizon (days)");
        return chart("IC decay", plot, false);
    }

    /**
     * The chart as an {@code <svg>} element that scales to its container (a view box, no fixed size).
     *
     * @param id unique in the page: it names the element and prefixes its clip-path ids
     */
    static String svg(JFreeChart chart, String id) {
        SVGGraphics2D g = new SVGGraphics2D(WIDTH, HEIGHT);
        g.setDefsKeyPrefix(id + "-");
        g.setGeomDoubleConverter(Charts::twoDecimals);
        g.setTransformDoubleConverter(Charts::twoDecimals);
        chart.draw(g, new Rectangle2D.Double(0, 0, WIDTH, HEIGHT));
        return g.getSVGElement(id, false, new ViewBox(0, 0, WIDTH, HEIGHT), null, null);
    }

    // ---------------------------------------------------------------------------------------------

    /** Coordinates to 1/100 of a pixel: invisible rounding, a third of the text. */
    private static String twoDecimals(double v) {
        double rounded = Math.round(v * 100) / 100.0;
        return rounded == Math.rint(rounded) ? Long.toString((long) rounded) : Double.toString(rounded);
    }

    private static XYSeries series(String name, String start, List<String> dates, List<Double> values) {
        XYSeries series = new XYSeries(name, false, true);
        series.add(epochMillis(start), 0.0);
        for (int i = 0; i < dates.size(); i++) {
            series.add(epochMillis(dates.get(i)), values.get(i));
        }
        return series;
    }

    /** A canonical panel timestamp ({@code yyyy-MM-dd} or {@code yyyy-MM-ddTHH:mm:ss}) as UTC millis. */
    static long epochMillis(String timestamp) {
        LocalDateTime time = timestamp.length() == 10 ? LocalDate.parse(timestamp).atStartOfDay()
                : LocalDateTime.parse(timestamp);
        return time.toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    /** A UTC time axis labelled {@code yyyy-MM}. */
    private static DateAxis monthAxis() {
        DateAxis time = new DateAxis(null, UTC, Locale.ROOT);
        SimpleDateFormat format = new SimpleDateFormat("yyyy-MM", Locale.ROOT);
        format.setTimeZone(UTC);
        time.setDateFormatOverride(format);
        time.setTickLabelFont(TICK);
        return time;
    }

    /** One path per series (not one element per segment: keeps the SVG small). */
    private static XYLineAndShapeRenderer lines(Color... colors) {
        XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, false);
        lines.setDrawSeriesLineAsPath(true);
        for (int i = 0; i < colors.length; i++) {
            lines.setSeriesPaint(i, colors[i]);
            lines.setSeriesStroke(i, new BasicStroke(i == 0 ? 2f : 1.5f));
        }
        return lines;
    }

    private static NumberAxis percentAxis(String label) {
        NumberAxis axis = new NumberAxis(label);
        NumberFormat percent = NumberFormat.getPercentInstance(Locale.ROOT);
        percent.setMaximumFractionDigits(1);
        axis.setNumberFormatOverride(percent);
        axis.setAutoRangeIncludesZero(true);
        axis.setLabelFont(LABEL);
        axis.setTickLabelFont(TICK);
        return axis;
    }

    private static CategoryPlot bars(DefaultCategoryDataset data, String valueLabel, NumberFormat format,
                                     Color... colors) {
        BarRenderer renderer = new BarRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setDrawBarOutline(false);
        renderer.setItemMargin(0.05);
        for (int i = 0; i < colors.length; i++) {
            renderer.setSeriesPaint(i, colors[i]);
        }
        CategoryAxis categories = new CategoryAxis();
        categories.setTickLabelFont(TICK);
        categories.setLabelFont(LABEL);
        categories.setCategoryMargin(0.15);
        NumberAxis values = new NumberAxis(valueLabel);
        values.setNumberFormatOverride(format);
        values.setLabelFont(LABEL);
        values.setTickLabelFont(TICK);
        CategoryPlot plot = new CategoryPlot(data, categories, values, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(GRID);
        plot.setOutlineVisible(false);
        plot.setRangeZeroBaselineVisible(true);
        return plot;
    }

    private static void styleXy(XYPlot plot) {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
        plot.setOutlineVisible(false);
        plot.setRangeZeroBaselineVisible(true);
    }

    private static JFreeChart chart(String title, Plot plot, boolean legend) {
        JFreeChart chart = new JFreeChart(title, TITLE, plot, legend);
        chart.setBackgroundPaint(Color.WHITE);
        if (legend) {
            chart.getLegend().setItemFont(LABEL);
            chart.getLegend().setFrame(BlockBorder.NONE);
        }
        return chart;
    }

    private static NumberFormat decimalFormat(String pattern) {
        return new DecimalFormat(pattern, DecimalFormatSymbols.getInstance(Locale.ROOT));
    }

    private static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
