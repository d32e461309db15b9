package io.quarry.dsl.check;

import io.quarry.dsl.ast.Expr;
import io.quarry.dsl.parse.Definition;
import io.quarry.dsl.parse.Diagnostic;
import java.util.List;
import java.util.Set;

/**
 * An alpha (or label) that passed the checker: what evaluators, scorers and the miner consume.
 *
 * @param name          as defined in its file
 * @param kind          alpha or label
 * @param source        the tree as written
 * @param canonical     the canonical tree (canonical names, integer windows, folded, ordered)
 * @param canonicalText the canonical tree printed: one text per formula
 * @param hash          structural hash of the canonical text (16 hex digits)
 * @param unit          the inferred unit of its value
 * @param warnings      unit mixes and other non-fatal findings, located in the source
 * @param fields        the data fields it reads, derived ones included ({@code returns}, {@code adv20})
 * @param lookback      rows of history its first value needs beyond today
 * @param depth         depth of the canonical tree
 * @param size          node count of the canonical tree
 */
public record CheckedAlpha(String name, Definition.Kind kind, Expr source, Expr canonical, String canonicalText,
                           String hash, Unit unit, List<Diagnostic> warnings, Set<String> fields, int lookback,
                           int depth, int size) {

    public CheckedAlpha {
        warnings = List.copyOf(warnings);
        fields = Set.copyOf(fields);
    }

    /** {@code alpha name = canonical text}: a line of a {@code .alpha} file. */
    public String toDefinitionLine() {
        return kind.keyword() + " " + name + " = " + canonicalText;
    }
}
