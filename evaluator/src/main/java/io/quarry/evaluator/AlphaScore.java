package io.quarry.evaluator;

import java.util.List;

/**
 * The scores of one alpha (docs/SCORING.md defines each). NaN where a metric is undefined (a constant
 * alpha has no IC); every metric is NaN when the alpha could not be evaluated.
 *
 * @param name       as in its file
 * @param expr       its canonical formula
 * @param ic         mean over days of the cross-sectional Pearson correlation with the label
 * @param rankIc     the same with Spearman
 * @param icir       mean / standard deviation (ddof 1) of the daily IC
 * @param rankIcir   the same for RankIC
 * @param pps        predictive power, 0.5 IC + 0.5 RankIC
 * @param rre        stability of the daily ranking, in (0, 1]
 * @param pfs        robustness to input noise, in [-1, 1]
 * @param logic      financial-logic score, 0..100
 * @param logicNotes why points were taken off the logic score
 * @param composite  weighted sum of the metrics' z-scores across the alphas compared
 * @param coverage   fraction of (scoring day, symbol) cells with a value
 * @param days       days with an IC (enough pairs, not constant)
 * @param error      why the alpha could not be evaluated, or null
 */
public record AlphaScore(String name, String expr, double ic, double rankIc, double icir, double rankIcir, double pps,
                         double rre, double pfs, double logic, List<String> logicNotes, double composite,
                         double coverage, int days, String error) {

    public AlphaScore {
        logicNotes = List.copyOf(logicNotes);
    }

    /** The value of a metric by its JSON name (one of {@link CompositeWeights#METRICS}). */
    public double metric(String metric) {
        return switch (metric) {
            case "ic" -> ic;
            case "rank_ic" -> rankIc;
            case "icir" -> icir;
            case "rank_icir" -> rankIcir;
            case "pps" -> pps;
            case "rre" -> rre;
            case "pfs" -> pfs;
            case "logic" -> logic;
            default -> throw new IllegalArgumentException("unknown metric '" + metric + "' (metrics: "
                    + String.join(", ", CompositeWeights.METRICS) + ")");
        };
    }

    /** This score with another composite. */
    AlphaScore withComposite(double value) {
        return new AlphaScore(name, expr, ic, rankIc, icir, rankIcir, pps, rre, pfs, logic, logicNotes, value,
                coverage, days, error);
    }
}
