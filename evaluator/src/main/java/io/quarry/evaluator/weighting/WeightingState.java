package io.quarry.evaluator.weighting;

import java.util.ArrayList;
import java.util.List;

/**
 * The weighting of one market, one timestamp at a time: what a streaming operator keeps between
 * timestamps, and what the backtest steps through day by day, so both give the same weights for the
 * same history. Immutable: {@link #next} returns the next state.
 *
 * <p>Day t's step, after its close: the alphas' z-scores across the symbols; the observation of
 * how each alpha's day t-1 signal did over the return from t-1 to t ({@link Observation}); once
 * {@value Features#LONG} observations are known, the policy's weights from the {@link Features} of
 * the last {@value Features#LONG} observations and the weights of day t-1 (equal weights before
 * the policy's first day); and the combined signal {@code sum_a w_a z_a}. The weights of a day
 * depend on the weights before it, so two runs agree from the day they start together on.
 */
public final class WeightingState {

    /**
     * @param state    the state after the day
     * @param weights  the day's weights, one per alpha of the model; null before the policy's first day
     * @param combined per symbol, the combined signal; all NaN before the policy's first day
     */
    public record Step(WeightingState state, double[] weights, double[] combined) {
    }

    /**
     * What a state holds, for a stream's checkpoints (arrays are copies; the state is rebuilt with
     * {@link #restore}).
     *
     * @param ic        per kept observation (oldest first), per alpha, its IC (or direction hit)
     * @param longShort per kept observation, per alpha, its long-short (or position) return
     * @param market    per kept observation, the equal-weight market return
     * @param z         per alpha, its z-scores across the symbols at the last timestamp; null before the first
     * @param close     per symbol, the close at the last timestamp; null before the first
     * @param weights   the weights of the last timestamp (equal weights before the policy's first day)
     */
    public record Parts(List<double[]> ic, List<double[]> longShort, double[] market, double[][] z, double[] close,
                        double[] weights) {
    }

    private final WeightingSpec spec;
    private final int symbol;
    private final int alphas;
    private final List<Observation> recent;
    private final double[][] z;
    private final double[] close;
    private final double[] weights;

    private WeightingState(WeightingSpec spec, int symbol, int alphas, List<Observation> recent, double[][] z,
                           double[] close, double[] weights) {
        this.spec = spec;
        this.symbol = symbol;
        this.alphas = alphas;
        this.recent = recent;
        this.z = z;
        this.close = close;
        this.weights = weights;
    }

    /**
     * The state before the first timestamp.
     *
     * @param symbols the universe, in the order of every cross-section given to {@link #next}
     * @throws IllegalArgumentException when a single-asset model's symbol is not in the universe
     */
    public static WeightingState initial(WeightingModel model, List<String> symbols) {
        WeightingSpec spec = model.spec();
        int symbol = -1;
        if (spec.mode() == WeightingSpec.Mode.SINGLE_ASSET) {
            symbol = symbols.indexOf(spec.symbol());
            if (symbol < 0) {
                throw new IllegalArgumentException("the model trades " + spec.symbol() + ", which the data lacks");
            }
        }
        int k = model.alphas().size();
        return new WeightingState(spec, symbol, k, List.of(), null, null, Actions.equal(k));
    }

    /** The state's contents (copies). */
    public Parts parts() {
        double[] market = new double[recent.size()];
        for (int i = 0; i < market.length; i++) {
            market[i] = recent.get(i).market();
        }
        return new Parts(recent.stream().map(o -> o.ic().clone()).toList(),
                recent.stream().map(o -> o.longShort().clone()).toList(), market,
                z == null ? null : java.util.Arrays.stream(z).map(double[]::clone).toArray(double[][]::new),
                close == null ? null : close.clone(), weights.clone());
    }

    /**
     * A state from its {@link #parts()}.
     *
     * @param symbols the universe the parts' per-symbol arrays follow, in the order of every later cross-section
     * @throws IllegalArgumentException when the parts do not fit the spec, the symbols or each other
     */
    public static WeightingState restore(WeightingSpec spec, List<String> symbols, Parts parts) {
        int k = parts.weights().length;
        int kept = parts.market().length;
        if (parts.ic().size() != kept || parts.longShort().size() != kept || kept > Features.LONG
                || (parts.z() == null) != (parts.close() == null)) {
            throw new IllegalArgumentException("weighting state parts do not fit together");
        }
        List<Observation> recent = new ArrayList<>();
        for (int i = 0; i < kept; i++) {
            if (parts.ic().get(i).length != k || parts.longShort().get(i).length != k) {
                throw new IllegalArgumentException("weighting state observation " + i + " is not of " + k + " alphas");
            }
            recent.add(new Observation(parts.ic().get(i).clone(), parts.longShort().get(i).clone(), parts.market()[i]));
        }
        double[][] z = null;
        if (parts.z() != null) {
            if (parts.z().length != k || parts.close().length != symbols.size()) {
                throw new IllegalArgumentException("weighting state of " + parts.close().length + " symbols and "
                        + parts.z().length + " alphas does not fit " + symbols.size() + " symbols and " + k + " alphas");
            }
            z = new double[k][];
            for (int a = 0; a < k; a++) {
                if (parts.z()[a].length != symbols.size()) {
                    throw new IllegalArgumentException("weighting state z-scores of alpha " + a + " are not of "
                            + symbols.size() + " symbols");
                }
                z[a] = parts.z()[a].clone();
            }
        }
        int symbol = spec.mode() == WeightingSpec.Mode.SINGLE_ASSET ? symbols.indexOf(spec.symbol()) : -1;
        if (spec.mode() == WeightingSpec.Mode.SINGLE_ASSET && symbol < 0) {
            throw new IllegalArgumentException("the model trades " + spec.symbol() + ", which the data lacks");
        }
        return new WeightingState(spec, symbol, k, List.copyOf(recent), z,
                parts.close() == null ? null : parts.close().clone(), parts.weights().clone());
    }

    /**
     * @param policy      the model's policy
     * @param alphaValues per alpha of the model (in its order), its values across the symbols; NaN = missing
     * @param closes      per symbol, the close; NaN where there is no bar
     */
    public Step next(WeightingPolicy policy, double[][] alphaValues, double[] closes) {
        if (alphaValues.length != alphas) {
            throw new IllegalArgumentException("the model weights " + alphas + " alphas, got values of "
                    + alphaValues.length);
        }
        double[][] today = new double[alphas][];
        for (int a = 0; a < alphas; a++) {
            if (alphaValues[a].length != closes.length) {
                throw new IllegalArgumentException("alpha " + a + " has " + alphaValues[a].length + " values for "
                        + closes.length + " symbols");
            }
            today[a] = CrossSections.zScores(alphaValues[a]);
        }
        List<Observation> seen = recent;
        if (z != null) {
            seen = new ArrayList<>(recent);
            seen.add(Observation.of(spec, symbol, z, CrossSections.returns(close, closes)));
            if (seen.size() > Features.LONG) {
                seen.remove(0);
            }
            seen = List.copyOf(seen);
        }
        double[] chosen = null;
        double[] combined;
        if (seen.size() == Features.LONG) {
            chosen = policy.weights(Features.of(seen, weights));
            combined = Actions.combine(chosen, today);
        } else {
            combined = new double[closes.length];
            java.util.Arrays.fill(combined, Double.NaN);
        }
        WeightingState after = new WeightingState(spec, symbol, alphas, seen, today, closes.clone(),
                chosen == null ? weights : chosen);
        return new Step(after, chosen, combined);
    }
}
