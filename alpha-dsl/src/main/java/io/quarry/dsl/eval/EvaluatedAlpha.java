package io.quarry.dsl.eval;

import io.quarry.dsl.check.CheckedAlpha;

/**
 * One alpha's values over a panel, or why it could not be evaluated (one bad alpha never sinks the
 * others).
 *
 * @param alpha  the alpha
 * @param values symbol-major values like the panel's fields ({@code s * rows + t}), NaN where the
 *               symbol has no bar; null when {@code error} is set. Shared: never write to it.
 * @param error  why the alpha has no values, or null
 */
public record EvaluatedAlpha(CheckedAlpha alpha, double[] values, String error) {

    public EvaluatedAlpha {
        if ((values == null) == (error == null)) {
            throw new IllegalArgumentException("exactly one of values and error must be set");
        }
    }

    public boolean ok() {
        return error == null;
    }

    public String name() {
        return alpha.name();
    }
}
