package io.quarry.dsl.parse;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The laws of {@link ParserFuzzTest#checkLaws(String)} on 2,000 random inputs made of the
 * language's own tokens, random numbers and identifiers, random characters (any UTF-16 unit, lone
 * surrogates included) and long runs of one token. Unlike the Jazzer test it needs no agent, so it
 * always runs.
 */
class ParserRandomInputTest {

    /** The language's vocabulary, including near misses and the lexer's error characters. */
    private static final List<String> TOKENS = List.of(
            "alpha ", "label ", "ALPHA ", "Label ", "a", "b1", "x_", "alpha a = ", "label y = ",
            "=", "==", "!=", "!", "<", "<=", ">", ">=", "&&", "||", "&", "|", "+", "-", "*", "/", "^",
            "?", ":", "(", ")", ",", ".", "$", "#", "# comment\n", "\n", "\r\n", " ", "\t",
            "0", "1", "2.", ".001", "1e-3", "1E+5", "5000", "5001", "-1", "0.5", "1e308", "1e309", "1e",
            "open", "high", "low", "close", "volume", "vwap", "returns", "cap", "adv20", "adv0", "$close",
            "$", "Close", "clsoe", "foo",
            "abs(", "log(", "sign(", "sqrt(", "signedpower(", "greater(", "less(", "min(", "max(", "pow(",
            "delay(", "ref(", "delta(", "sum(", "product(", "mean(", "ts_mean(", "ts_min(", "ts_max(",
            "med(", "mad(", "stddev(", "std(", "ts_std(", "var(", "skew(", "kurt(", "ts_rank(", "ts_argmax(",
            "ts_argmin(", "idxmax(", "idxmin(", "decay_linear(", "wma(", "ema(", "slope(", "rsquare(",
            "resi(", "correlation(", "corr(", "covariance(", "cov(", "rank(", "zscore(", "demean(",
            "scale(", "indneutralize(", "IndClass.", "IndClass.sector", "indclass.Industry",
            "IndClass.subindustry", "IndClass.market", "Ts_ArgMax(", "SignedPower(",
            "rank(close)", "delta(close, 5)", "(returns < 0) ? stddev(returns, 20) : close",
            "correlation(open, volume, 10)", "scale(close, 2)", "indneutralize(close, IndClass.sector)");

    @Property(tries = 2000)
    void parserAndCheckerObeyTheirLawsOnRandomInput(@ForAll("inputs") String text) {
        ParserFuzzTest.checkLaws(text);
    }

    @Provide
    Arbitrary<String> inputs() {
        Arbitrary<String> piece = Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.of(TOKENS)),
                Tuple.of(2, Arbitraries.chars().map(String::valueOf)),
                Tuple.of(2, numbers()),
                Tuple.of(1, Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(25).map(d -> "adv" + d)),
                Tuple.of(1, Arbitraries.strings().alpha().numeric().withChars('_', '$').ofMinLength(1).ofMaxLength(12)),
                Tuple.of(1, runs()));
        Arbitrary<String> body = piece.list().ofMaxSize(30).map(pieces -> String.join("", pieces));
        return Arbitraries.frequencyOf(
                Tuple.of(3, body.map(b -> "alpha a = " + b)),
                Tuple.of(1, body.map(b -> "label a = " + b)),
                Tuple.of(2, body.list().ofMaxSize(4).map(lines -> String.join("\n", lines))),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(60)));
    }

    /** Number literals in every written form, and some that are almost numbers. */
    private static Arbitrary<String> numbers() {
        Arbitrary<String> digits = Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(30);
        return Arbitraries.frequencyOf(
                Tuple.of(3, digits),
                Tuple.of(2, Arbitraries.strings().numeric().ofMaxLength(5).tuple2().map(t -> t.get1() + "." + t.get2())),
                Tuple.of(2, digits.tuple2().map(t -> t.get1() + "e" + (t.get2().length() % 2 == 0 ? "-" : "+")
                        + t.get2().substring(0, Math.min(4, t.get2().length())))),
                Tuple.of(1, Arbitraries.of("1e", "1e+", ".", "..5", "1.2.3", "0x10", "1_000", "\u0663", "\uff11")));
    }

    /**
     * One token repeated: long chains are where recursion and limits break. Mostly a few repeats,
     * often around the nesting limit of 100, now and then 130,000 to 200,000 of a short token
     * (deeper than any recursion without a depth limit can go on a 4 MB stack).
     */
    private static Arbitrary<String> runs() {
        Arbitrary<String> few = Arbitraries.of(TOKENS).flatMap(token ->
                Arbitraries.integers().between(2, 40).map(n -> token.repeat(n)));
        Arbitrary<String> nearLimit = Arbitraries.of(TOKENS).flatMap(token ->
                Arbitraries.integers().between(90, 160).map(n -> token.repeat(n)));
        Arbitrary<String> huge = Arbitraries.of("(", "-", "+", "^", "x^", "(-", "+-", "!").flatMap(token ->
                Arbitraries.integers().between(130_000, 200_000).map(n -> token.repeat(n)))
                .withoutEdgeCases(); // keeps them rare: each costs tens of milliseconds
        return Arbitraries.frequencyOf(Tuple.of(60, few), Tuple.of(20, nearLimit), Tuple.of(1, huge));
    }
}
