package io.quarry.dsl.parse;

/** A place in a source file: 1-based line and column. */
public record Position(int line, int column) {
    public static final Position UNKNOWN = new Position(0, 0);
}
