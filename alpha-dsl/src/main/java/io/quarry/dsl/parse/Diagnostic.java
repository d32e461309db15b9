package io.quarry.dsl.parse;

/**
 * An error or warning about a formula, located in its source.
 *
 * <p>{@link #format()} prints it as {@code file:line:col: message}, then the source line, then a
 * caret under the column — the same shape as a compiler's.
 */
public record Diagnostic(Severity severity, String file, Position position, String message, String sourceLine) {

    public enum Severity { ERROR, WARNING }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** The located, multi-line form shown to people. */
    public String format() {
        StringBuilder out = new StringBuilder();
        out.append(file);
        if (position.line() > 0) {
            out.append(':').append(position.line()).append(':').append(position.column());
        }
        out.append(": ");
        if (severity == Severity.WARNING) {
            out.append("warning: ");
        }
        out.append(message);
        if (sourceLine != null && position.column() > 0) {
            out.append("\n  ").append(sourceLine).append("\n  ");
            for (int i = 1; i < position.column() && i <= sourceLine.length(); i++) {
                out.append(sourceLine.charAt(i - 1) == '\t' ? '\t' : ' ');
            }
            out.append('^');
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return format();
    }
}
