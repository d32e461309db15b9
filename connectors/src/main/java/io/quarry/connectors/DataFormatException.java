package io.quarry.connectors;

import java.util.List;

/**
 * Input data that cannot be read. The message names the file and, for each problem, the line (or
 * Arrow row), the column and the offending text, e.g. {@code bars.csv:1234: column 'close': 'abc' is
 * not a number}. When a file has several bad rows, up to 20 are collected
 * and reported together: the first line of the message then gives their count and
 * {@link #problems()} lists them one by one.
 */
public final class DataFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    DataFormatException(String problem) {
        this(problem, List.of(problem));
    }

    DataFormatException(String message, List<String> problems) {
        super(message);
        this.problems = List.copyOf(problems);
    }

    /** Each problem found, one line each, in file order. */
    public List<String> problems() {
        return problems;
    }
}
