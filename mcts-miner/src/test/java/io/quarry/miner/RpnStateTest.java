package io.quarry.miner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.dsl.canon.Printer;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Legal-move masking of {@link RpnState}, on states whose legal moves are known by hand. */
class RpnStateTest {

    private final Vocabulary v = Vocabulary.standard(false);

    private RpnState play(int maxLength, String... tokens) {
        RpnState s = RpnState.empty(v, maxLength);
        for (String t : tokens) {
            s = s.apply(v.indexOf(t));
        }
        return s;
    }

    private List<String> legal(RpnState s) {
        return Arrays.stream(s.legalActions()).mapToObj(a -> v.get(a).name()).toList();
    }

    private List<String> ofKind(Token.Kind... kinds) {
        List<Token.Kind> k = List.of(kinds);
        return v.tokens().stream().filter(t -> k.contains(t.kind())).map(Token::name).toList();
    }

    @Test
    void anEmptyFormulaStartsWithAFieldOrAConstant() {
        assertThat(legal(play(15))).containsExactlyElementsOf(ofKind(Token.Kind.FIELD, Token.Kind.CONST));
    }

    @Test
    void aSeriesTakesOperandsWindowsUnaryOperatorsOrEnds() {
        assertThat(legal(play(15, "close"))).containsExactlyElementsOf(ofKind(Token.Kind.FIELD, Token.Kind.CONST,
                Token.Kind.WINDOW, Token.Kind.UNARY, Token.Kind.END));
    }

    @Test
    void aWindowMustBeFollowedByAnOperatorItSuits() {
        assertThat(legal(play(15, "close", "w1"))).containsExactly("delay", "delta");
        assertThat(legal(play(15, "close", "w3"))).doesNotContain("kurt", "correlation").contains("skew", "stddev");
        List<String> two = legal(play(15, "close", "volume", "w10"));
        assertThat(two).contains("correlation", "covariance", "ts_rank").doesNotContain("close", "+", "rank", "END");
    }

    @Test
    void twoConstantsAreNeverCombinedNorStacked() {
        assertThat(legal(play(15, "2"))).containsExactlyElementsOf(ofKind(Token.Kind.FIELD));
        RpnState twoClose = play(15, "2", "close");
        assertThat(legal(twoClose)).contains("+", "/", "rank").doesNotContain("END");
        assertThat(legal(play(15, "close", "2"))).containsExactlyElementsOf(ofKind(Token.Kind.FIELD, Token.Kind.BINARY));
    }

    @Test
    void movesThatCannotFinishWithinTheLengthAreMasked() {
        // Two series after 2 of 3 tokens: only a binary operator can still make one series.
        assertThat(legal(play(3, "close", "open"))).containsExactlyElementsOf(ofKind(Token.Kind.BINARY));
        // One series after 3 of 3: only END.
        assertThat(legal(play(3, "close", "open", "-"))).containsExactly("END");
        // A window needs its operator: no window on the last token.
        assertThat(legal(play(2, "close"))).doesNotContain("w5").contains("rank", "END");
    }

    @Test
    void everyRandomCompletionIsACheckedFormula() {
        SearchSpace space = new SearchSpace(v, 15, java.util.Set.of(), 1000);
        java.util.SplittableRandom rng = new java.util.SplittableRandom(1);
        long valid = IntStream.range(0, 300).filter(i -> {
            RpnState done = Policy.rollout(space.start(), Policy.uniform(), rng);
            assertThat(done.length()).isLessThanOrEqualTo(15);
            return new io.quarry.dsl.check.Checker(io.quarry.dsl.parse.Limits.DEFAULT, java.util.Set.of())
                    .check(new io.quarry.dsl.parse.Source("x", "alpha x = " + Printer.print(done.toExpr())))
                    .diagnostics().stream().noneMatch(d -> d.severity() == io.quarry.dsl.parse.Diagnostic.Severity.ERROR);
        }).count();
        assertThat(valid).isEqualTo(300);
    }

    @Test
    void tokensBuildTheFormula() {
        assertThat(Printer.print(play(15, "close", "w5", "delta", "rank", "END").toExpr()))
                .isEqualTo("rank(delta(close, 5))");
        assertThat(Printer.print(play(15, "2", "close", "volume", "w10", "correlation", "/", "neg", "END").toExpr()))
                .isEqualTo("-(2 / correlation(close, volume, 10))");
        assertThatThrownBy(() -> play(15, "close", "+")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> play(15, "close").toExpr()).isInstanceOf(IllegalStateException.class);
    }
}
