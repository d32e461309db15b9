package io.quarry.dsl.parse;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits formula text into tokens. Line breaks end a statement only outside parentheses, so a long
 * formula may span lines inside its parentheses. {@code #} starts a comment to the end of the line.
 */
final class Lexer {

    private static final java.util.regex.Pattern DEFINITION_START =
            java.util.regex.Pattern.compile("[ \\t]*(?i:alpha|label)[ \\t]+[A-Za-z_][A-Za-z0-9_]*[ \\t]*=");

    private final String text;
    private int index;
    private int line = 1;
    private int lineStart;
    private int depth;

    private Lexer(String text) {
        this.text = text;
    }

    static List<Token> tokenize(String text) {
        return new Lexer(text).run();
    }

    private List<Token> run() {
        List<Token> tokens = new ArrayList<>();
        while (true) {
            Token token = next();
            tokens.add(token);
            if (token.is(Token.Kind.EOF)) {
                return tokens;
            }
        }
    }

    private Position here() {
        return new Position(line, index - lineStart + 1);
    }

    private Token next() {
        while (index < text.length()) {
            char c = text.charAt(index);
            if (c == '#') {
                while (index < text.length() && text.charAt(index) != '\n') {
                    index++;
                }
            } else if (c == '\n') {
                Position at = here();
                index++;
                line++;
                lineStart = index;
                if (depth == 0 || startsDefinition()) {
                    // A definition keyword at the start of a line ends an unclosed statement, so one
                    // missing ')' does not swallow the rest of the file.
                    depth = 0;
                    return new Token(Token.Kind.NEWLINE, "\n", at);
                }
            } else if (Character.isWhitespace(c)) {
                index++;
            } else {
                break;
            }
        }
        if (index >= text.length()) {
            return new Token(Token.Kind.EOF, "", here());
        }
        Position at = here();
        char c = text.charAt(index);
        if (Character.isDigit(c) || (c == '.' && index + 1 < text.length() && Character.isDigit(text.charAt(index + 1)))) {
            return number(at);
        }
        if (Character.isLetter(c) || c == '_' || c == '$') {
            int start = index++;
            while (index < text.length() && (Character.isLetterOrDigit(text.charAt(index)) || text.charAt(index) == '_')) {
                index++;
            }
            return new Token(Token.Kind.IDENT, text.substring(start, index), at);
        }
        index++;
        switch (c) {
            case '(':
                depth++;
                return new Token(Token.Kind.LPAREN, "(", at);
            case ')':
                depth = Math.max(0, depth - 1);
                return new Token(Token.Kind.RPAREN, ")", at);
            case ',':
                return new Token(Token.Kind.COMMA, ",", at);
            case '?':
                return new Token(Token.Kind.QUESTION, "?", at);
            case ':':
                return new Token(Token.Kind.COLON, ":", at);
            case '.':
                return new Token(Token.Kind.DOT, ".", at);
            case '+': case '-': case '*': case '/': case '^':
                return new Token(Token.Kind.OPERATOR, String.valueOf(c), at);
            case '<': case '>':
                return twoChar(c, '=', at, Token.Kind.OPERATOR);
            case '=':
                if (peek('=')) {
                    index++;
                    return new Token(Token.Kind.OPERATOR, "==", at);
                }
                return new Token(Token.Kind.ASSIGN, "=", at);
            case '!':
                if (peek('=')) {
                    index++;
                    return new Token(Token.Kind.OPERATOR, "!=", at);
                }
                return new Token(Token.Kind.ERROR, "!", at);
            case '&':
                return pair('&', at);
            case '|':
                return pair('|', at);
            default:
                return new Token(Token.Kind.ERROR, String.valueOf(c), at);
        }
    }

    private boolean startsDefinition() {
        return DEFINITION_START.matcher(text).region(index, text.length()).lookingAt();
    }

    private boolean peek(char expected) {
        return index < text.length() && text.charAt(index) == expected;
    }

    private Token twoChar(char first, char second, Position at, Token.Kind kind) {
        if (peek(second)) {
            index++;
            return new Token(kind, "" + first + second, at);
        }
        return new Token(kind, String.valueOf(first), at);
    }

    private Token pair(char c, Position at) {
        if (peek(c)) {
            index++;
            return new Token(Token.Kind.OPERATOR, "" + c + c, at);
        }
        return new Token(Token.Kind.ERROR, String.valueOf(c), at);
    }

    private Token number(Position at) {
        int start = index;
        while (index < text.length() && Character.isDigit(text.charAt(index))) {
            index++;
        }
        if (peek('.')) {
            index++;
            while (index < text.length() && Character.isDigit(text.charAt(index))) {
                index++;
            }
        }
        if (index < text.length() && (text.charAt(index) == 'e' || text.charAt(index) == 'E')) {
            int mark = index++;
            if (peek('+') || peek('-')) {
                index++;
            }
            if (index < text.length() && Character.isDigit(text.charAt(index))) {
                while (index < text.length() && Character.isDigit(text.charAt(index))) {
                    index++;
                }
            } else {
                index = mark;
            }
        }
        return new Token(Token.Kind.NUMBER, text.substring(start, index), at);
    }
}
