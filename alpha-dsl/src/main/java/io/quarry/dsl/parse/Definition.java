package io.quarry.dsl.parse;

import io.quarry.dsl.ast.Expr;

/**
 * One line of a formula file: {@code alpha NAME = expr} or {@code label NAME = expr}.
 *
 * @param position where the name stands
 */
public record Definition(Kind kind, String name, Expr expr, Position position) {

    /** Alphas may only look back; labels (targets) may look forward. */
    public enum Kind {
        ALPHA, LABEL;

        public String keyword() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
