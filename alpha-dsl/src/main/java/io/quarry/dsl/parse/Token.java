package io.quarry.dsl.parse;

/** A lexical token with its text and position. */
record Token(Kind kind, String text, Position position) {

    enum Kind {
        NUMBER, IDENT, OPERATOR, LPAREN, RPAREN, COMMA, QUESTION, COLON, ASSIGN, DOT, NEWLINE, EOF, ERROR
    }

    boolean is(Kind k) {
        return kind == k;
    }

    boolean isOperator(String symbol) {
        return kind == Kind.OPERATOR && text.equals(symbol);
    }

    /** How the token reads in an error message. */
    String describe() {
        return switch (kind) {
            case EOF -> "end of file";
            case NEWLINE -> "end of line";
            default -> "'" + text + "'";
        };
    }
}
