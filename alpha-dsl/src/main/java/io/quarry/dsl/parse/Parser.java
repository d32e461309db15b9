package io.quarry.dsl.parse;

import io.quarry.dsl.ast.BinaryOp;
import io.quarry.dsl.ast.Expr;
import io.quarry.dsl.panel.GroupLevel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Recursive-descent parser for formula files and single expressions.
 *
 * <p>Precedence, loosest first: {@code ?:} (right) &lt; {@code ||} &lt; {@code &&} &lt;
 * {@code == !=} &lt; {@code < <= > >=} &lt; {@code + -} &lt; {@code * /} &lt; unary {@code -} &lt;
 * {@code ^} (right; its right operand may be unary). A statement that fails to parse is reported and
 * skipped; the rest of the file is still read. Nesting deeper than {@link Limits#maxDepth()} is an
 * error, never a stack overflow.
 */
public final class Parser {

    private static final String GROUP_PREFIX = "indclass";

    private final Source source;
    private final Limits limits;
    private final List<Token> tokens;
    private final IdentityHashMap<Expr, Position> positions = new IdentityHashMap<>();
    private int index;
    private int depth;

    private Parser(Source source, Limits limits) {
        this.source = source;
        this.limits = limits;
        this.tokens = Lexer.tokenize(source.text());
    }

    /** Parses a whole {@code .alpha} file. Never throws for bad input: errors are in the result. */
    public static ParsedFile parseFile(Source source, Limits limits) {
        return new Parser(source, limits).file();
    }

    public static ParsedFile parseFile(Source source) {
        return parseFile(source, Limits.DEFAULT);
    }

    /**
     * Parses one expression, e.g. {@code rank(delta(close, 5))}.
     *
     * @throws FormulaException with the located error when it does not parse
     */
    public static Expr parseExpression(String text) {
        return parseExpression(text, Limits.DEFAULT);
    }

    public static Expr parseExpression(String text, Limits limits) {
        Parser parser = new Parser(new Source("<expr>", text), limits);
        try {
            parser.skipNewlines();
            Expr expr = parser.boundedExpression();
            parser.skipNewlines();
            parser.expect(Token.Kind.EOF, "end of the expression");
            return expr;
        } catch (SyntaxError e) {
            throw new FormulaException(List.of(parser.source.diagnostic(Diagnostic.Severity.ERROR, e.at, e.getMessage())));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Statements

    private ParsedFile file() {
        List<Definition> definitions = new ArrayList<>();
        List<Diagnostic> diagnostics = new ArrayList<>();
        Map<String, Position> seen = new HashMap<>();
        while (!peek().is(Token.Kind.EOF)) {
            if (peek().is(Token.Kind.NEWLINE)) {
                index++;
                continue;
            }
            try {
                Definition definition = statement();
                Position first = seen.putIfAbsent(definition.name(), definition.position());
                if (first != null) {
                    diagnostics.add(source.diagnostic(Diagnostic.Severity.ERROR, definition.position(),
                            "'" + definition.name() + "' is already defined at line " + first.line()));
                } else if (definitions.size() >= limits.maxDefinitions()) {
                    diagnostics.add(source.diagnostic(Diagnostic.Severity.ERROR, definition.position(),
                            "too many definitions in one file: the limit is " + limits.maxDefinitions()));
                    break;
                } else {
                    definitions.add(definition);
                }
            } catch (SyntaxError e) {
                diagnostics.add(source.diagnostic(Diagnostic.Severity.ERROR, e.at, e.getMessage()));
                skipToEndOfStatement();
            }
        }
        return new ParsedFile(source, definitions, diagnostics, positions);
    }

    private Definition statement() {
        Token keyword = advance();
        Definition.Kind kind;
        if (keyword.is(Token.Kind.IDENT) && keyword.text().equalsIgnoreCase("alpha")) {
            kind = Definition.Kind.ALPHA;
        } else if (keyword.is(Token.Kind.IDENT) && keyword.text().equalsIgnoreCase("label")) {
            kind = Definition.Kind.LABEL;
        } else {
            throw new SyntaxError(keyword.position(), "expected 'alpha' or 'label' to start a definition, found "
                    + keyword.describe());
        }
        Token name = expect(Token.Kind.IDENT, "a name after '" + kind.keyword() + "'");
        expect(Token.Kind.ASSIGN, "'=' after the name '" + name.text() + "'");
        Expr expr = boundedExpression();
        Token end = peek();
        if (!end.is(Token.Kind.NEWLINE) && !end.is(Token.Kind.EOF)) {
            throw new SyntaxError(end.position(), "expected an operator or the end of the line, found " + end.describe());
        }
        return new Definition(kind, name.text(), expr, name.position());
    }

    private void skipToEndOfStatement() {
        while (!peek().is(Token.Kind.NEWLINE) && !peek().is(Token.Kind.EOF)) {
            index++;
        }
    }

    private void skipNewlines() {
        while (peek().is(Token.Kind.NEWLINE)) {
            index++;
        }
    }

    /** An expression whose tree is then checked against the depth and size limits. */
    private Expr boundedExpression() {
        Position start = peek().position();
        Expr expr = ternary();
        int[] shape = depthAndSize(expr);
        if (shape[0] > limits.maxDepth()) {
            throw new SyntaxError(start, "formula is nested " + shape[0] + " deep: the limit is " + limits.maxDepth());
        }
        if (shape[1] > limits.maxNodes()) {
            throw new SyntaxError(start, "formula has " + shape[1] + " nodes: the limit is " + limits.maxNodes());
        }
        return expr;
    }

    /** Depth and node count, computed without recursion (left-leaning chains can be long). */
    private static int[] depthAndSize(Expr root) {
        Deque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[] {root, 1});
        int maxDepth = 0;
        int nodes = 0;
        while (!stack.isEmpty()) {
            Object[] top = stack.pop();
            Expr node = (Expr) top[0];
            int level = (Integer) top[1];
            nodes++;
            maxDepth = Math.max(maxDepth, level);
            for (Expr child : node.children()) {
                stack.push(new Object[] {child, level + 1});
            }
        }
        return new int[] {maxDepth, nodes};
    }

    // ---------------------------------------------------------------------------------------------
    // Expressions, loosest first

    private Expr ternary() {
        enter();
        try {
            Expr cond = binary(BinaryOp.OR.precedence());
            if (peek().is(Token.Kind.QUESTION)) {
                Token question = advance();
                Expr then = ternary();
                expect(Token.Kind.COLON, "':' of the conditional started at column " + question.position().column());
                Expr otherwise = ternary();
                return at(new Expr.Ternary(cond, then, otherwise), question.position());
            }
            return cond;
        } finally {
            depth--;
        }
    }

    /** Left-associative infix levels from {@code minPrecedence} up to {@code * /}. */
    private Expr binary(int minPrecedence) {
        if (minPrecedence > BinaryOp.MUL.precedence()) {
            return unary();
        }
        Expr left = binary(minPrecedence + 1);
        while (true) {
            Token token = peek();
            BinaryOp op = infix(token);
            if (op == null || op.precedence() != minPrecedence) {
                return left;
            }
            index++;
            Expr right = binary(minPrecedence + 1);
            left = at(new Expr.Binary(op, left, right), token.position());
        }
    }

    private Expr unary() {
        Token token = peek();
        if (token.isOperator("-")) {
            index++;
            enter();
            try {
                return at(new Expr.Neg(unary()), token.position());
            } finally {
                depth--;
            }
        }
        if (token.isOperator("+")) {
            // Unary plus changes nothing: skip any run of them without recursing.
            while (peek().isOperator("+")) {
                index++;
            }
            return unary();
        }
        return power();
    }

    private Expr power() {
        Expr base = primary();
        Token token = peek();
        if (token.isOperator("^")) {
            index++;
            enter();
            try {
                Expr exponent = unary();
                return at(new Expr.Binary(BinaryOp.POW, base, exponent), token.position());
            } finally {
                depth--;
            }
        }
        return base;
    }

    private Expr primary() {
        Token token = peek();
        if (token.is(Token.Kind.NUMBER) || token.is(Token.Kind.LPAREN) || token.is(Token.Kind.IDENT)) {
            index++;
        }
        switch (token.kind()) {
            case NUMBER:
                return at(new Expr.Num(number(token)), token.position());
            case LPAREN: {
                Expr inner = ternary();
                expect(Token.Kind.RPAREN, "')' to close the '(' at column " + token.position().column());
                return inner;
            }
            case IDENT:
                return identifier(token);
            case ERROR:
                throw new SyntaxError(token.position(), "unexpected character " + token.describe());
            default:
                throw new SyntaxError(token.position(), "expected a number, a field or a function call, found "
                        + token.describe());
        }
    }

    private Expr identifier(Token token) {
        String name = token.text();
        if (name.equalsIgnoreCase(GROUP_PREFIX) && peek().is(Token.Kind.DOT)) {
            index++;
            Token level = expect(Token.Kind.IDENT, "a level after 'IndClass.' (sector, industry or subindustry)");
            for (GroupLevel g : GroupLevel.values()) {
                if (g.keyword().equalsIgnoreCase(level.text())) {
                    return at(new Expr.GroupRef(g), token.position());
                }
            }
            throw new SyntaxError(level.position(), "unknown group level '" + level.text()
                    + "': expected sector, industry or subindustry");
        }
        if (peek().is(Token.Kind.LPAREN)) {
            if (name.startsWith("$")) {
                throw new SyntaxError(token.position(), "'" + name + "' is a field: fields cannot be called");
            }
            Token open = advance();
            List<Expr> args = new ArrayList<>();
            if (!peek().is(Token.Kind.RPAREN)) {
                do {
                    args.add(ternary());
                } while (match(Token.Kind.COMMA));
            }
            expect(Token.Kind.RPAREN, "',' or ')' in the call of '" + name + "' opened at column "
                    + open.position().column());
            return at(new Expr.Call(name, args), token.position());
        }
        String field = name.startsWith("$") ? name.substring(1) : name;
        if (field.isEmpty()) {
            throw new SyntaxError(token.position(), "expected a field name after '$'");
        }
        return at(new Expr.Field(field.toLowerCase(Locale.ROOT)), token.position());
    }

    private static BinaryOp infix(Token token) {
        if (!token.is(Token.Kind.OPERATOR)) {
            return null;
        }
        for (BinaryOp op : BinaryOp.values()) {
            if (op.symbol().equals(token.text())) {
                return op;
            }
        }
        return null;
    }

    private double number(Token token) {
        try {
            double value = Double.parseDouble(token.text());
            if (!Double.isFinite(value)) {
                throw new SyntaxError(token.position(), "number " + token.text() + " is too large");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new SyntaxError(token.position(), "malformed number " + token.describe());
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Token helpers

    private void enter() {
        if (++depth > limits.maxDepth()) {
            throw new SyntaxError(peek().position(), "formula is nested too deep: the limit is " + limits.maxDepth());
        }
    }

    private <E extends Expr> E at(E node, Position position) {
        positions.put(node, position);
        return node;
    }

    private Token peek() {
        return tokens.get(index);
    }

    private Token advance() {
        Token token = tokens.get(index);
        if (!token.is(Token.Kind.EOF)) {
            index++;
        }
        return token;
    }

    private boolean match(Token.Kind kind) {
        if (peek().is(kind)) {
            index++;
            return true;
        }
        return false;
    }

    private Token expect(Token.Kind kind, String what) {
        Token token = peek();
        if (!token.is(kind)) {
            throw new SyntaxError(token.position(), "expected " + what + ", found " + token.describe());
        }
        return advance();
    }

    /** A syntax error unwinding to the statement being parsed. */
    private static final class SyntaxError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Position at;

        SyntaxError(Position at, String message) {
            super(message, null, false, false);
            this.at = at;
        }
    }
}
