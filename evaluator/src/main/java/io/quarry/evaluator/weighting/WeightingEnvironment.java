package io.quarry.evaluator.weighting;

import java.util.Arrays;

/**
 * One episode of the weighting task over {@link WeightingData}: on day t the state holds the
 * features of t with the current weights; the step takes day t's weights, trades the combined
 * signal of t and earns the return from t to t+1 minus the costs of the trade (see
 * {@link WeightingSpec}), then moves to t+1. Mutable; one per episode runner.
 */
final class WeightingEnvironment {

    private final WeightingData data;
    /** Rows before this one can be earned on: a step on day t needs row t+1 < end. */
    private final int end;
    private int t;
    private double[] weights;
    /** Per symbol, the book held (cross-sectional), or the position in slot 0 (single-asset). */
    private double[] book;

    WeightingEnvironment(WeightingData data, int end) {
        if (end > data.rows) {
            throw new IllegalArgumentException("end row " + end + " is past the data's " + data.rows + " rows");
        }
        this.data = data;
        this.end = end;
    }

    /** Starts an episode on a day with a state, with equal weights and nothing held. */
    void reset(int row) {
        if (row < data.ready || row + 1 >= end) {
            throw new IllegalArgumentException("an episode cannot start at row " + row + ": states begin at row "
                    + data.ready + " and the last step needs row " + (end - 1));
        }
        t = row;
        weights = Actions.equal(data.alphas);
        book = new double[data.spec.mode() == WeightingSpec.Mode.CROSS_SECTIONAL ? data.symbols : 1];
    }

    int day() {
        return t;
    }

    /** The raw state of the current day. */
    double[] state() {
        double[] f = data.features[t].clone();
        System.arraycopy(weights, 0, f, Features.weightsAt(data.alphas), data.alphas);
        return f;
    }

    /** Whether no further step can be earned. */
    boolean done() {
        return t + 1 >= end;
    }

    /**
     * Trades the day with these weights (absolute values summing to 1, as {@link Actions#weights}
     * gives) and returns the reward.
     */
    double step(double[] newWeights) {
        if (done()) {
            throw new IllegalStateException("the episode is over at row " + t);
        }
        double[] combined = Actions.combine(newWeights, data.z[t]);
        double[] r = data.returns[t + 1];
        double reward;
        WeightingSpec spec = data.spec;
        if (spec.mode() == WeightingSpec.Mode.CROSS_SECTIONAL) {
            double[] next = CrossSections.longShort(combined, spec.quantiles());
            reward = CrossSections.portfolioReturn(next, r) - CrossSections.cost(book, next, spec.buyCost(),
                    spec.sellCost());
            book = next;
        } else {
            double c = combined[data.symbol];
            double position = Double.isNaN(c) ? 0 : Math.max(-1, Math.min(1, c));
            double ret = r[data.symbol];
            reward = (Double.isNaN(ret) ? 0 : position * ret)
                    - CrossSections.cost(book, new double[] {position}, spec.buyCost(), spec.sellCost());
            book = new double[] {position};
        }
        weights = Arrays.copyOf(newWeights, newWeights.length);
        t++;
        return reward;
    }
}
