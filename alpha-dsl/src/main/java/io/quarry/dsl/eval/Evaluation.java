package io.quarry.dsl.eval;

import java.util.List;
import java.util.Optional;

/**
 * The result of evaluating a set of alphas: one entry per alpha in the order given, and warnings
 * about the evaluation as a whole (e.g. a group level the table lacks).
 */
public record Evaluation(List<EvaluatedAlpha> alphas, List<String> warnings) {

    public Evaluation {
        alphas = List.copyOf(alphas);
        warnings = List.copyOf(warnings);
    }

    public List<EvaluatedAlpha> failures() {
        return alphas.stream().filter(a -> !a.ok()).toList();
    }

    public Optional<EvaluatedAlpha> byName(String name) {
        return alphas.stream().filter(a -> a.name().equals(name)).findFirst();
    }

    /** The values of a successfully evaluated alpha. */
    public double[] values(String name) {
        EvaluatedAlpha a = byName(name).orElseThrow(() -> new IllegalArgumentException("no alpha named " + name));
        if (!a.ok()) {
            throw new IllegalStateException("alpha " + name + " was not evaluated: " + a.error());
        }
        return a.values();
    }
}
