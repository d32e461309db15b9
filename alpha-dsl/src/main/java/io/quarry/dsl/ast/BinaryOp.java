package io.quarry.dsl.ast;

/** Infix operators with their precedence (higher binds tighter) and symbol. */
public enum BinaryOp {
    OR("||", 2),
    AND("&&", 3),
    EQ("==", 4),
    NE("!=", 4),
    LT("<", 5),
    LE("<=", 5),
    GT(">", 5),
    GE(">=", 5),
    ADD("+", 6),
    SUB("-", 6),
    MUL("*", 7),
    DIV("/", 7),
    POW("^", 9);

    /** Precedence of the ternary operator, the loosest. */
    public static final int TERNARY_PRECEDENCE = 1;
    /** Precedence of unary minus: between {@code * /} and {@code ^}. */
    public static final int UNARY_PRECEDENCE = 8;

    private final String symbol;
    private final int precedence;

    BinaryOp(String symbol, int precedence) {
        this.symbol = symbol;
        this.precedence = precedence;
    }

    public String symbol() {
        return symbol;
    }

    public int precedence() {
        return precedence;
    }

    /** {@code ^} groups to the right; every other infix operator to the left. */
    public boolean rightAssociative() {
        return this == POW;
    }

    /** Operators whose operands may be swapped without changing any result bit. */
    public boolean commutative() {
        return this == ADD || this == MUL || this == EQ || this == NE || this == AND || this == OR;
    }

    /** Comparisons and logic give 1.0/0.0. */
    public boolean logical() {
        return precedence >= 2 && precedence <= 5;
    }
}
