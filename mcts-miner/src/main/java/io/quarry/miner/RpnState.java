package io.quarry.miner;

import io.quarry.dsl.ast.Expr;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * A formula being written token by token in reverse Polish notation: the actions so far and what
 * the stack holds. Immutable. {@link #legal(int)} masks the moves that could not end in a valid
 * formula of at most {@code maxLength} tokens: operators need operands of the right kind, a window
 * must be followed by a time-series operator it suits, two constants are never combined, and the
 * stack must still be reducible to one series with the tokens left.
 */
public final class RpnState {

    static final byte SERIES = 0;
    static final byte CONSTANT = 1;
    static final byte WINDOW = 2;

    private final Vocabulary vocabulary;
    private final int maxLength;
    private final int[] actions;
    private final byte[] stack;
    private final boolean ended;

    private RpnState(Vocabulary vocabulary, int maxLength, int[] actions, byte[] stack, boolean ended) {
        this.vocabulary = vocabulary;
        this.maxLength = maxLength;
        this.actions = actions;
        this.stack = stack;
        this.ended = ended;
    }

    /** The empty formula. */
    public static RpnState empty(Vocabulary vocabulary, int maxLength) {
        if (maxLength < 1) {
            throw new IllegalArgumentException("maxLength must be >= 1, got " + maxLength);
        }
        return new RpnState(vocabulary, maxLength, new int[0], new byte[0], false);
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    public int maxLength() {
        return maxLength;
    }

    /** Tokens written so far, END excluded. */
    public int length() {
        return ended ? actions.length - 1 : actions.length;
    }

    public int[] actions() {
        return actions.clone();
    }

    public int stackSize() {
        return stack.length;
    }

    /** The kind of the stack entry {@code depth} below the top (0 = top): SERIES, CONSTANT or WINDOW. */
    byte peek(int depth) {
        return stack[stack.length - 1 - depth];
    }

    /** Whether END was played: the formula is complete. */
    public boolean terminal() {
        return ended;
    }

    /** Whether the action is a legal next move. */
    public boolean legal(int action) {
        if (ended) {
            return false;
        }
        Token t = vocabulary.get(action);
        int n = stack.length;
        boolean topWindow = n > 0 && peek(0) == WINDOW;
        if (topWindow != (t.kind() == Token.Kind.TS || t.kind() == Token.Kind.TS2)) {
            return false;
        }
        return switch (t.kind()) {
            case FIELD -> feasible(n + 1, false);
            case CONST -> (n == 0 || peek(0) == SERIES) && feasible(n + 1, true);
            case WINDOW -> n > 0 && peek(0) == SERIES && feasible(n + 1, false);
            case UNARY -> n > 0 && peek(0) == SERIES && feasible(n, false);
            case BINARY -> n >= 2 && !(peek(0) == CONSTANT && peek(1) == CONSTANT) && feasible(n - 1, false);
            case TS -> n >= 2 && peek(1) == SERIES && window() >= t.minWindow() && feasible(n - 1, false);
            case TS2 -> n >= 3 && peek(1) == SERIES && peek(2) == SERIES && window() >= t.minWindow()
                    && feasible(n - 2, false);
            case END -> n == 1 && peek(0) == SERIES;
        };
    }

    /** The window on top of the stack (the last token). */
    private int window() {
        return (int) vocabulary.get(actions[actions.length - 1]).number();
    }

    /**
     * Whether a stack of {@code size} entries after the next token can still become one series in
     * the tokens left: every operator removes at least one entry, so size - 1 more tokens suffice;
     * a lone constant needs a series and an operator.
     */
    private boolean feasible(int size, boolean loneConstant) {
        int left = maxLength - (length() + 1);
        int need = size == 1 && loneConstant ? 2 : size - 1;
        return need <= left;
    }

    /** The legal moves as a mask over the vocabulary. */
    public boolean[] legalMask() {
        boolean[] mask = new boolean[vocabulary.size()];
        for (int a = 0; a < mask.length; a++) {
            mask[a] = legal(a);
        }
        return mask;
    }

    /** The legal moves, ascending. */
    public int[] legalActions() {
        int[] out = new int[vocabulary.size()];
        int k = 0;
        for (int a = 0; a < out.length; a++) {
            if (legal(a)) {
                out[k++] = a;
            }
        }
        return Arrays.copyOf(out, k);
    }

    /**
     * The state after a legal move.
     *
     * @throws IllegalArgumentException for an illegal move
     */
    public RpnState apply(int action) {
        if (!legal(action)) {
            throw new IllegalArgumentException("illegal move " + vocabulary.get(action) + " after " + this);
        }
        Token t = vocabulary.get(action);
        byte[] next = switch (t.kind()) {
            case FIELD -> push(stack, SERIES);
            case CONST -> push(stack, CONSTANT);
            case WINDOW -> push(stack, WINDOW);
            case UNARY, END -> stack;
            case BINARY, TS -> replaceTop(2);
            case TS2 -> replaceTop(3);
        };
        int[] moves = Arrays.copyOf(actions, actions.length + 1);
        moves[actions.length] = action;
        return new RpnState(vocabulary, maxLength, moves, next, t.kind() == Token.Kind.END);
    }

    private byte[] replaceTop(int consumed) {
        byte[] next = Arrays.copyOf(stack, stack.length - consumed + 1);
        next[next.length - 1] = SERIES;
        return next;
    }

    private static byte[] push(byte[] stack, byte kind) {
        byte[] next = Arrays.copyOf(stack, stack.length + 1);
        next[stack.length] = kind;
        return next;
    }

    /**
     * The formula's tree (not yet canonical).
     *
     * @throws IllegalStateException unless the formula is complete
     */
    public Expr toExpr() {
        if (!ended) {
            throw new IllegalStateException("the formula is not complete: " + this);
        }
        Deque<Expr> values = new ArrayDeque<>();
        for (int i = 0; i < actions.length - 1; i++) {
            Token t = vocabulary.get(actions[i]);
            switch (t.kind()) {
                case FIELD -> values.push(new Expr.Field(t.name()));
                case CONST, WINDOW -> values.push(new Expr.Num(t.number()));
                default -> {
                    int arity = t.kind() == Token.Kind.TS2 ? 3 : t.kind() == Token.Kind.UNARY ? 1 : 2;
                    List<Expr> operands = new ArrayList<>(arity);
                    for (int k = 0; k < arity; k++) {
                        operands.add(0, values.pop());
                    }
                    values.push(t.build(operands));
                }
            }
        }
        return values.pop();
    }

    /** The tokens, space separated: {@code close w5 delta rank END}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (int a : actions) {
            b.append(b.length() == 0 ? "" : " ").append(vocabulary.get(a).name());
        }
        return b.length() == 0 ? "<empty>" : b.toString();
    }
}
