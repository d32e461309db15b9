package io.quarry.miner;

import java.util.ArrayList;
import java.util.List;

/**
 * The search space's tokens: market fields, a few constants, window lengths and the language's
 * operators that make numeric sense as building blocks (comparisons, logic and the ternary give
 * 0/1 steps and are left out; {@code product}, {@code ^} and {@code signedpower} overflow or
 * duplicate others). Token {@code i} is action {@code i} of every search method.
 */
public final class Vocabulary {

    public static final List<String> FIELDS = List.of("open", "high", "low", "close", "volume", "vwap", "returns");
    public static final List<Double> CONSTANTS = List.of(0.01, 0.5, 1.0, 2.0, 5.0, 10.0);
    public static final List<Integer> WINDOWS = List.of(1, 2, 3, 5, 10, 20, 40, 60);
    static final List<String> UNARY = List.of("neg", "abs", "log", "sign", "sqrt", "rank", "zscore");
    static final List<String> BINARY = List.of("+", "-", "*", "/", "greater", "less");
    static final List<String> TS = List.of("delay", "delta", "sum", "mean", "ts_min", "ts_max", "med", "mad", "stddev",
            "var", "skew", "kurt", "ts_rank", "ts_argmax", "ts_argmin", "decay_linear", "ema", "slope", "rsquare", "resi");
    static final List<String> TS2 = List.of("correlation", "covariance");

    private final List<Token> tokens;
    private final int end;

    private Vocabulary(List<Token> tokens) {
        for (Token t : tokens) {
            if (!t.isLanguageOperator()) {
                throw new IllegalArgumentException("not an operator of the language: " + t);
            }
        }
        this.tokens = List.copyOf(tokens);
        this.end = tokens.size() - 1;
    }

    /**
     * The standard search space.
     *
     * @param groups whether the data has a sector table ({@code indneutralize} joins the operators)
     */
    public static Vocabulary standard(boolean groups) {
        return standard(groups, FIELDS, WINDOWS);
    }

    /** The standard operators and constants over other fields or windows than {@link #FIELDS} and {@link #WINDOWS}. */
    public static Vocabulary standard(boolean groups, List<String> fields, List<Integer> windows) {
        List<Token> t = new ArrayList<>();
        fields.forEach(f -> t.add(Token.field(f)));
        CONSTANTS.forEach(c -> t.add(Token.constant(c)));
        windows.forEach(w -> t.add(Token.window(w)));
        UNARY.forEach(u -> t.add(Token.op(Token.Kind.UNARY, u)));
        if (groups) {
            t.add(Token.op(Token.Kind.UNARY, "indneutralize"));
        }
        BINARY.forEach(b -> t.add(Token.op(Token.Kind.BINARY, b)));
        TS.forEach(s -> t.add(Token.op(Token.Kind.TS, s)));
        TS2.forEach(s -> t.add(Token.op(Token.Kind.TS2, s)));
        t.add(Token.end());
        return new Vocabulary(t);
    }

    public int size() {
        return tokens.size();
    }

    public Token get(int action) {
        return tokens.get(action);
    }

    /** The END action. */
    public int end() {
        return end;
    }

    /** The action of the token printed as {@code name} (first match). */
    public int indexOf(String name) {
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no token named " + name);
    }

    public List<Token> tokens() {
        return tokens;
    }
}
