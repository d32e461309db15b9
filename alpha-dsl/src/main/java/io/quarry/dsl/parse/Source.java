package io.quarry.dsl.parse;

import java.util.ArrayList;
import java.util.List;

/** The text of a formula file with its name, able to show any of its lines. */
public record Source(String name, String text) {

    public Source {
        java.util.Objects.requireNonNull(name, "name");
        java.util.Objects.requireNonNull(text, "text");
    }

    /** The 1-based line's text without its line break, or null past the end. */
    public String line(int line) {
        List<String> lines = lines();
        return line >= 1 && line <= lines.size() ? lines.get(line - 1) : null;
    }

    private List<String> lines() {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                lines.add(stripCr(text.substring(start, i)));
                start = i + 1;
            }
        }
        lines.add(stripCr(text.substring(start)));
        return lines;
    }

    private static String stripCr(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    /** A diagnostic located in this source. */
    Diagnostic diagnostic(Diagnostic.Severity severity, Position at, String message) {
        return new Diagnostic(severity, name, at, message, at.line() > 0 ? line(at.line()) : null);
    }
}
