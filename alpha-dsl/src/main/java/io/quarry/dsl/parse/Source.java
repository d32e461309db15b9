package io.quarry.dsl.parse;

import java.util.Arrays;
import java.util.Objects;

/** The text of a formula file with its name, able to show any of its lines. */
public final class Source {

    private final String name;
    private final String text;
    /** Offsets where each line starts, plus text.length() + 1 as a sentinel. */
    private final int[] lineStarts;

    public Source(String name, String text) {
        this.name = Objects.requireNonNull(name, "name");
        this.text = Objects.requireNonNull(text, "text");
        int[] starts = new int[16];
        int count = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                if (count == starts.length) {
                    starts = Arrays.copyOf(starts, count * 2);
                }
                starts[count++] = i + 1;
            }
        }
        starts = Arrays.copyOf(starts, count + 1);
        starts[count] = text.length() + 1;
        this.lineStarts = starts;
    }

    public String name() {
        return name;
    }

    public String text() {
        return text;
    }

    /** The 1-based line's text without its line break, or null past the end. */
    public String line(int line) {
        if (line < 1 || line >= lineStarts.length) {
            return null;
        }
        String l = text.substring(lineStarts[line - 1], lineStarts[line] - 1);
        return l.endsWith("\r") ? l.substring(0, l.length() - 1) : l;
    }

    /** A diagnostic located in this source. */
    Diagnostic diagnostic(Diagnostic.Severity severity, Position at, String message) {
        return new Diagnostic(severity, name, at, message, at.line() > 0 ? line(at.line()) : null);
    }

    @Override
    public String toString() {
        return "Source[" + name + ", " + (lineStarts.length - 1) + " lines]";
    }
}
