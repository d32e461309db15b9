package io.quarry.evaluator;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The scores of a set of alphas over a range: each alpha (sorted by composite score, best first;
 * alphas that could not be evaluated last) and the set as a whole.
 *
 * @param from    first scoring day (as in the calendar)
 * @param to      last scoring day
 * @param label   the label's name ({@code fwd_return_1d}, or a {@code label} line's name)
 * @param horizon how many rows ahead the label looks
 * @param alphas  one score per alpha, best composite first
 * @param set     the set's diversity and pool
 */
public record ScoreReport(String from, String to, String label, int horizon, List<AlphaScore> alphas, SetScore set) {

    public ScoreReport {
        alphas = List.copyOf(alphas);
    }

    /**
     * The JSON other tools read:
     * <pre>
     * {"range": {"from", "to", "horizon", "label"},
     *  "alphas": [{"name", "expr", "ic", "rank_ic", "icir", "rank_icir", "pps", "rre", "pfs", "logic",
     *              "composite", "coverage", "days", "logic_notes", "error"}],
     *  "set": {"diversity", "pool_ic", "pool_rank_ic", "weights": {name: w}}}
     * </pre>
     * Non-finite numbers are {@code null}; {@code error} is null for an alpha that evaluated.
     */
    public String toJson() {
        Json json = new Json().open(null, '{');
        json.open("range", '{').string("from", from).string("to", to).integer("horizon", horizon)
                .string("label", label).close('}');
        json.open("alphas", '[');
        for (AlphaScore a : alphas) {
            json.open(null, '{').string("name", a.name()).string("expr", a.expr()).number("ic", a.ic())
                    .number("rank_ic", a.rankIc()).number("icir", a.icir()).number("rank_icir", a.rankIcir())
                    .number("pps", a.pps()).number("rre", a.rre()).number("pfs", a.pfs()).number("logic", a.logic())
                    .number("composite", a.composite()).number("coverage", a.coverage()).integer("days", a.days())
                    .strings("logic_notes", a.logicNotes()).string("error", a.error()).close('}');
        }
        json.close(']');
        json.open("set", '{').number("diversity", set.diversity()).number("pool_ic", set.poolIc())
                .number("pool_rank_ic", set.poolRankIc()).numbers("weights", set.weights()).close('}');
        return json.close('}') + "\n";
    }

    /** A table for people: the alphas by composite score, the set, then the logic notes and errors. */
    public String toTable() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Scores from %s to %s against %s (horizon %d)%n%n", from, to, label,
                horizon));
        int width = Math.max(5, alphas.stream().mapToInt(a -> a.name().length()).max().orElse(5));
        out.append(String.format(Locale.ROOT, "%4s  %-" + width + "s %9s %8s %8s %8s %8s %8s %6s %6s %6s %8s %5s%n",
                "#", "alpha", "composite", "IC", "RankIC", "ICIR", "RankICIR", "PPS", "RRE", "PFS", "logic",
                "coverage", "days"));
        int rank = 0;
        for (AlphaScore a : alphas) {
            rank++;
            if (a.error() != null) {
                out.append(String.format(Locale.ROOT, "%4d  %-" + width + "s (not evaluated: see below)%n", rank,
                        a.name()));
                continue;
            }
            out.append(String.format(Locale.ROOT,
                    "%4d  %-" + width + "s %9s %8s %8s %8s %8s %8s %6s %6s %6s %8s %5d%n", rank, a.name(),
                    fixed(a.composite(), 3), fixed(a.ic(), 4), fixed(a.rankIc(), 4), fixed(a.icir(), 3),
                    fixed(a.rankIcir(), 3), fixed(a.pps(), 4), fixed(a.rre(), 3), fixed(a.pfs(), 3),
                    fixed(a.logic(), 0), fixed(a.coverage(), 3), a.days()));
        }
        if (alphas.stream().anyMatch(a -> a.error() == null && Double.isNaN(a.composite()))) {
            out.append(String.format("composite -: an IC on fewer than half as many days as the best-covered alpha%n"));
        }
        out.append(String.format(Locale.ROOT, "%nSet: diversity %s, pool IC %s, pool RankIC %s (%d alphas)%n",
                fixed(set.diversity(), 3), fixed(set.poolIc(), 4), fixed(set.poolRankIc(), 4), set.weights().size()));
        for (Map.Entry<String, Double> w : set.weights().entrySet()) {
            out.append(String.format(Locale.ROOT, "  %-" + width + "s %9s%n", w.getKey(), fixed(w.getValue(), 4)));
        }
        boolean header = false;
        for (AlphaScore a : alphas) {
            if (a.error() == null && !a.logicNotes().isEmpty()) {
                if (!header) {
                    out.append(String.format("%nLogic notes:%n"));
                    header = true;
                }
                for (String note : a.logicNotes()) {
                    out.append(String.format(Locale.ROOT, "  %-" + width + "s %s%n", a.name(), note));
                }
            }
        }
        header = false;
        for (AlphaScore a : alphas) {
            if (a.error() != null) {
                if (!header) {
                    out.append(String.format("%nNot evaluated:%n"));
                    header = true;
                }
                out.append(String.format(Locale.ROOT, "  %-" + width + "s %s%n", a.name(), a.error()));
            }
        }
        return out.toString();
    }

    private static String fixed(double v, int decimals) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + decimals + "f", v) : "-";
    }
}
