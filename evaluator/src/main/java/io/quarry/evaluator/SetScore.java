package io.quarry.evaluator;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The scores of the alphas as a set.
 *
 * @param diversity  entropy of the eigenvalues of their correlation matrix over log m, in [0, 1]
 * @param poolIc     IC of the fitted linear pool
 * @param poolRankIc RankIC of the fitted linear pool
 * @param weights    the pool's members and weights, in the order they joined
 */
public record SetScore(double diversity, double poolIc, double poolRankIc, Map<String, Double> weights) {

    public SetScore {
        weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
    }
}
