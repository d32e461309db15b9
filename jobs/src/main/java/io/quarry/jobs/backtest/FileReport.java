package io.quarry.jobs.backtest;

import io.quarry.evaluator.JsonText;
import java.util.Locale;

/**
 * The outcome of one file's backtest: its headline signal (the combination when there is one, else
 * the alpha with the best Sharpe) and where its report is.
 *
 * @param index        the file's place among the job's files
 * @param file         the file
 * @param alphas       alphas backtested
 * @param failed       alphas that could not be evaluated, one {@code name: reason} per line; empty when none
 * @param signal       the headline signal's name
 * @param sharpe       its annualised Sharpe ratio
 * @param annualReturn its annualised return
 * @param maxDrawdown  its maximum drawdown
 * @param rankIc       its mean daily RankIC
 * @param report       the report's index.html
 */
public record FileReport(int index, String file, int alphas, String failed, String signal, double sharpe,
                         double annualReturn, double maxDrawdown, double rankIc, String report) {

    /** The header of {@link #csvLine}. */
    public static final String CSV_HEADER = "file,alphas,failed,signal,sharpe,annual_return,max_drawdown,rank_ic,report";

    /** Alphas that could not be evaluated. */
    public int failures() {
        return failed.isEmpty() ? 0 : (int) failed.lines().count();
    }

    public String csvLine() {
        return String.join(",", csv(file), Integer.toString(alphas), Integer.toString(failures()), csv(signal),
                num(sharpe), num(annualReturn), num(maxDrawdown), num(rankIc), csv(report));
    }

    public String json() {
        return "{\"file\":" + JsonText.quote(file) + ",\"alphas\":" + alphas + ",\"failed\":" + failures()
                + ",\"signal\":" + JsonText.quote(signal) + ",\"sharpe\":" + JsonText.number(sharpe)
                + ",\"annual_return\":" + JsonText.number(annualReturn) + ",\"max_drawdown\":"
                + JsonText.number(maxDrawdown) + ",\"rank_ic\":" + JsonText.number(rankIc) + ",\"report\":"
                + JsonText.quote(report) + "}";
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
