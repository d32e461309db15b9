package io.quarry.evaluator;

import io.quarry.dsl.check.CheckedAlpha;
import io.quarry.dsl.panel.Panel;
import io.quarry.dsl.parse.Definition;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What to score: alphas over a panel against a label, on the rows between two dates.
 *
 * @param panel        the market; alphas see all of its history before {@code to}
 * @param alphas       the alphas (kind alpha, distinct names), at least one
 * @param label        what they predict
 * @param from         first date scored (ISO, inclusive), or null for the first row; a date bound
 *                     covers its whole day when the calendar holds date-times
 * @param to           last date scored (ISO, inclusive), or null for the last row
 * @param seed         seed of the PFS noise: the same request gives the same report, bit for bit
 * @param weights      composite weights; null means {@link CompositeWeights#defaults()}
 * @param poolCapacity the pool's K, at least 1
 */
public record ScoreRequest(Panel panel, List<CheckedAlpha> alphas, Label label, String from, String to,
                           long seed, CompositeWeights weights, int poolCapacity) {

    /** The seed used when none is given. */
    public static final long DEFAULT_SEED = 42;
    /** The pool capacity used when none is given. */
    public static final int DEFAULT_POOL_CAPACITY = AlphaPool.DEFAULT_CAPACITY;

    public ScoreRequest {
        Objects.requireNonNull(panel, "panel");
        Objects.requireNonNull(label, "label");
        alphas = List.copyOf(Objects.requireNonNull(alphas, "alphas"));
        if (alphas.isEmpty()) {
            throw new IllegalArgumentException("no alphas to score");
        }
        Set<String> names = new HashSet<>();
        for (CheckedAlpha alpha : alphas) {
            if (alpha.kind() != Definition.Kind.ALPHA) {
                throw new IllegalArgumentException("'" + alpha.name() + "' is a label, not an alpha: it may look "
                        + "forward, so it cannot be scored");
            }
            if (!names.add(alpha.name())) {
                throw new IllegalArgumentException("two alphas are named '" + alpha.name() + "'");
            }
        }
        weights = weights == null ? CompositeWeights.defaults() : weights;
        if (poolCapacity < 1) {
            throw new IllegalArgumentException("the pool capacity must be at least 1, got " + poolCapacity);
        }
    }

    /** A request with the default seed, weights and pool capacity. */
    public ScoreRequest(Panel panel, List<CheckedAlpha> alphas, Label label, String from, String to) {
        this(panel, alphas, label, from, to, DEFAULT_SEED, CompositeWeights.defaults(), DEFAULT_POOL_CAPACITY);
    }
}
