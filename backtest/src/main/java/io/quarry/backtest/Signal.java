package io.quarry.backtest;

import io.quarry.dsl.eval.EvaluatedAlpha;
import java.util.Objects;

/**
 * A named cross-sectional signal over a panel: what a backtest trades.
 *
 * @param name        identifies the signal in results and file names (letters, digits, '_', '-', '.')
 * @param description shown under the name in the report, e.g. the alpha's canonical formula
 * @param values      symbol-major over the panel ({@code values[s * rows + t]}), NaN = no signal. The
 *                    array is shared, never written: callers must not write to it either.
 */
public record Signal(String name, String description, double[] values) {

    public Signal {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(values, "values");
        if (!name.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("signal name '" + name + "' must be letters, digits, '_', '-' or '.'");
        }
    }

    /** An evaluated alpha as a signal, described by its canonical formula. */
    public static Signal of(EvaluatedAlpha alpha) {
        if (!alpha.ok()) {
            throw new IllegalArgumentException("alpha " + alpha.name() + " was not evaluated: " + alpha.error());
        }
        return new Signal(alpha.name(), alpha.alpha().canonicalText(), alpha.values());
    }
}
