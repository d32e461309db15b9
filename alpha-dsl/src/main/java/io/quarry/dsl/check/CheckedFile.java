package io.quarry.dsl.check;

import io.quarry.dsl.parse.Diagnostic;
import io.quarry.dsl.parse.FormulaException;
import java.util.List;
import java.util.Optional;

/**
 * A formula file after parsing and checking: the definitions that passed, and every diagnostic
 * (syntax and check errors, warnings) in source order.
 */
public record CheckedFile(String fileName, List<CheckedAlpha> definitions, List<Diagnostic> diagnostics) {

    public CheckedFile {
        definitions = List.copyOf(definitions);
        diagnostics = List.copyOf(diagnostics);
    }

    public List<Diagnostic> errors() {
        return diagnostics.stream().filter(Diagnostic::isError).toList();
    }

    public List<Diagnostic> warnings() {
        return diagnostics.stream().filter(d -> !d.isError()).toList();
    }

    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }

    /** The definitions, or a {@link FormulaException} with all errors if there were any. */
    public List<CheckedAlpha> orThrow() {
        if (hasErrors()) {
            throw new FormulaException(errors());
        }
        return definitions;
    }

    /** The alphas (not the labels). */
    public List<CheckedAlpha> alphas() {
        return definitions.stream().filter(a -> a.kind() == io.quarry.dsl.parse.Definition.Kind.ALPHA).toList();
    }

    public Optional<CheckedAlpha> byName(String name) {
        return definitions.stream().filter(a -> a.name().equals(name)).findFirst();
    }
}
