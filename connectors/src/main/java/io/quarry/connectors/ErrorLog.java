package io.quarry.connectors;

import java.util.ArrayList;
import java.util.List;

/** Collects row problems of one file so that a single exception can report up to {@link #MAX_PROBLEMS}. */
final class ErrorLog {

    static final int MAX_PROBLEMS = 20;

    private final String file;
    private final boolean lineNumbers;
    private final List<String> problems = new ArrayList<>();

    /**
     * @param file        the file as named to the user
     * @param lineNumbers true for text files ({@code file:12:}), false for Arrow ({@code file: row 12:})
     */
    ErrorLog(String file, boolean lineNumbers) {
        this.file = file;
        this.lineNumbers = lineNumbers;
    }

    /** The file as named to the user. */
    String file() {
        return file;
    }

    /** The location prefix of a line (CSV) or a 1-based row (Arrow), without the trailing colon. */
    String where(long line) {
        return lineNumbers ? file + ":" + line : file + ": row " + line;
    }

    /** Records a problem at a line; false once the log is full and reading should stop. */
    boolean add(long line, String problem) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(where(line) + ": " + problem);
        }
        return !isFull();
    }

    boolean isFull() {
        return problems.size() >= MAX_PROBLEMS;
    }

    boolean isEmpty() {
        return problems.isEmpty();
    }

    /** A problem of the whole file (no line), thrown at once. */
    DataFormatException fileProblem(String problem) {
        return new DataFormatException(file + ": " + problem);
    }

    /** A problem at a line, thrown at once (header errors). */
    DataFormatException lineProblem(long line, String problem) {
        return new DataFormatException(where(line) + ": " + problem);
    }

    void throwIfAny() {
        if (problems.isEmpty()) {
            return;
        }
        if (problems.size() == 1) {
            throw new DataFormatException(problems.get(0));
        }
        String summary = file + ": " + problems.size() + " errors"
                + (isFull() ? " (reading stopped at the first " + MAX_PROBLEMS + ")" : "") + ":";
        throw new DataFormatException(summary + "\n  " + String.join("\n  ", problems), problems);
    }
}
