package io.quarry.dsl.parse;

import io.quarry.dsl.ast.Expr;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the parser made of a file: the definitions it could read, the errors of those it could not,
 * and the source position of every node (keyed by node identity, so equal subtrees at different
 * places keep their own positions).
 */
public final class ParsedFile {

    private final Source source;
    private final List<Definition> definitions;
    private final List<Diagnostic> diagnostics;
    private final Map<Expr, Position> positions;

    ParsedFile(Source source, List<Definition> definitions, List<Diagnostic> diagnostics,
               IdentityHashMap<Expr, Position> positions) {
        this.source = source;
        this.definitions = List.copyOf(definitions);
        this.diagnostics = List.copyOf(diagnostics);
        this.positions = Collections.unmodifiableMap(positions);
    }

    public Source source() {
        return source;
    }

    public List<Definition> definitions() {
        return definitions;
    }

    /** Syntax errors, in source order. */
    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    public boolean hasErrors() {
        return diagnostics.stream().anyMatch(Diagnostic::isError);
    }

    /** Where a node of this file's trees stands, or {@link Position#UNKNOWN} for a node made elsewhere. */
    public Position positionOf(Expr node) {
        return positions.getOrDefault(node, Position.UNKNOWN);
    }

    /** A diagnostic located at a node of this file. */
    public Diagnostic diagnostic(Diagnostic.Severity severity, Expr at, String message) {
        return source.diagnostic(severity, positionOf(at), message);
    }

    /** A diagnostic located at a position of this file. */
    public Diagnostic diagnostic(Diagnostic.Severity severity, Position at, String message) {
        return source.diagnostic(severity, at, message);
    }
}
