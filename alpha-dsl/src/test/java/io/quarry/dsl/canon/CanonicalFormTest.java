package io.quarry.dsl.canon;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.dsl.check.CheckedAlpha;
import io.quarry.dsl.check.Checker;
import io.quarry.dsl.parse.Definition;
import org.junit.jupiter.api.Test;

/** Tests for {@link Canonicalizer}, {@link Printer} and {@link StructuralHash}. */
class CanonicalFormTest {

    private static CheckedAlpha check(String formula) {
        return Checker.standard().checkExpression("a", formula, Definition.Kind.ALPHA);
    }

    private static String canonical(String formula) {
        return check(formula).canonicalText();
    }

    @Test
    void namesAreLowerCaseAliasesResolvedAndDollarsDropped() {
        assertThat(canonical("Ts_ArgMax($close, 5)")).isEqualTo("ts_argmax(close, 5)");
        assertThat(canonical("ref(close, 1)")).isEqualTo("delay(close, 1)");
        assertThat(canonical("std(close, 5) + ts_mean(close, 5)")).isEqualTo("mean(close, 5) + stddev(close, 5)");
        assertThat(canonical("wma(close, 3)")).isEqualTo("decay_linear(close, 3)");
        assertThat(canonical("pow(close, 2)")).isEqualTo("close ^ 2");
        assertThat(canonical("corr(volume, close, 5)")).isEqualTo("correlation(close, volume, 5)");
    }

    @Test
    void constantsFoldAndIdentitiesSimplify() {
        assertThat(canonical("close * (1 - 0.25)")).isEqualTo("0.75 * close");
        assertThat(canonical("-1 * rank(close)")).isEqualTo("-rank(close)");
        assertThat(canonical("(0 - (1 * rank(close)))")).isEqualTo("-rank(close)");
        assertThat(canonical("close + 0")).isEqualTo("close");
        assertThat(canonical("close / 1")).isEqualTo("close");
        assertThat(canonical("close ^ 1")).isEqualTo("close");
        assertThat(canonical("--close")).isEqualTo("close");
        assertThat(canonical("-1*1")).isEqualTo("-1");
        assertThat(canonical("1 < 2 ? close : open")).isEqualTo("close");
        assertThat(canonical("rank(rank(rank(close)))")).isEqualTo("rank(close)");
    }

    @Test
    void commutativeOperandsAreOrderedAndGreaterThanBecomesLessThan() {
        assertThat(canonical("volume + close")).isEqualTo(canonical("close + volume"));
        assertThat(canonical("volume * close")).isEqualTo("close * volume");
        assertThat(canonical("close > open")).isEqualTo("open < close");
        assertThat(canonical("close >= open")).isEqualTo("open <= close");
        assertThat(canonical("max(volume, close)")).isEqualTo("greater(close, volume)");
        // Subtraction and division are not commutative.
        assertThat(canonical("volume - close")).isEqualTo("volume - close");
    }

    @Test
    void sameFormulaWrittenTwoWaysHasOneHash() {
        CheckedAlpha a = check("(-1 * correlation(rank(open), rank(volume), 10))");
        CheckedAlpha b = check("-Corr(Rank($volume), rank(open), 10.7)");
        assertThat(a.canonicalText()).isEqualTo(b.canonicalText());
        assertThat(a.hash()).isEqualTo(b.hash()).hasSize(16);
        assertThat(check("rank(close)").hash()).isNotEqualTo(check("rank(open)").hash());
    }

    @Test
    void printerUsesMinimalParentheses() {
        assertThat(canonical("(close - open) / open")).isEqualTo("(close - open) / open");
        assertThat(canonical("close - (open - low)")).isEqualTo("close - (open - low)");
        assertThat(canonical("(close ^ 2) ^ 3")).isEqualTo("(close ^ 2) ^ 3");
        assertThat(canonical("close ^ (2 ^ open)")).isEqualTo("close ^ 2 ^ open");
        assertThat(canonical("(-close) ^ 2")).isEqualTo("(-close) ^ 2");
        assertThat(canonical("(close < open) ? 1 : (low < high ? 2 : 3)")).isEqualTo("close < open ? 1 : low < high ? 2 : 3");
    }

    @Test
    void fnvHashOfAKnownString() {
        // FNV-1a 64 of "a" is 0xaf63dc4c8601ec8c (published test vector).
        assertThat(StructuralHash.of("a")).isEqualTo("af63dc4c8601ec8c");
        // Always 16 digits: this one's hash (from an independent FNV-1a in Python) starts with zeros.
        assertThat(StructuralHash.of("oqaa")).isEqualTo("000ab9b467538b8f");
    }
}
