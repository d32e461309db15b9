package io.quarry.dsl.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.dsl.parse.Definition;
import io.quarry.dsl.parse.Diagnostic;
import io.quarry.dsl.parse.FormulaException;
import io.quarry.dsl.parse.Source;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tests for {@link Checker}. */
class CheckerTest {

    private final Checker checker = Checker.standard();

    private CheckedAlpha alpha(String formula) {
        return checker.checkExpression("a", formula, Definition.Kind.ALPHA);
    }

    private List<String> errors(String text) {
        return checker.check(new Source("mine.alpha", text)).errors().stream().map(Diagnostic::format).toList();
    }

    @Test
    void unknownFunctionSuggestsTheNearestName() {
        List<String> errors = errors("alpha a1 = rank(close)\nalpha a2 = close\nalpha a3 = rank(ts_rnak(close, 10))\n");
        assertThat(errors).containsExactly("""
                mine.alpha:3:17: unknown function 'ts_rnak' (did you mean 'ts_rank'?)
                  alpha a3 = rank(ts_rnak(close, 10))
                                  ^""");
    }

    @Test
    void unknownFieldSuggestsTheNearestField() {
        assertThat(errors("alpha a = clsoe / open")).singleElement().asString()
                .startsWith("mine.alpha:1:11: unknown field 'clsoe' (did you mean 'close'?)");
        assertThat(errors("alpha a = rank + 1")).singleElement().asString()
                .contains("'rank' is a function, not a field");
    }

    @Test
    void allErrorsOfAFileAreReported() {
        assertThat(errors("alpha a = delta(close)\nalpha b = sum(close, volume)\nalpha c = foo(1)\n")).hasSize(3);
    }

    @Test
    void arityIsChecked() {
        assertThat(errors("alpha a = delta(close)")).singleElement().asString()
                .contains("'delta' takes (x, d): 2 arguments, got 1");
    }

    @Test
    void windowsMustBeConstantAndAreFloored() {
        assertThat(errors("alpha a = sum(close, volume)")).singleElement().asString()
                .contains("the window of 'sum' must be a constant number of rows");
        assertThat(alpha("delta(close, 4.96796)").canonicalText()).isEqualTo("delta(close, 4)");
        assertThat(alpha("sum(close, 2 * 5)").canonicalText()).isEqualTo("sum(close, 10)");
    }

    @Test
    void minAndMaxWithAConstantAreTimeSeriesAndWithTwoSeriesElementWise() {
        assertThat(alpha("max(close, 5)").canonicalText()).isEqualTo("ts_max(close, 5)");
        assertThat(alpha("min(close, open)").canonicalText()).isEqualTo("less(close, open)");
        assertThat(errors("alpha a = max(close, 0)")).singleElement().asString()
                .contains("window of 'max' must be at least 1 row, got 0")
                .contains("use greater(x, 0)");
    }

    @Test
    void negativeDelayIsLookAheadAndOnlyLabelsMayUseIt() {
        assertThat(errors("alpha a = delay(close, -1)")).singleElement().asString()
                .contains("negative delay -1 looks into the future: only a 'label' may look forward");
        assertThat(errors("label fwd = delay(close, -1) / close - 1")).isEmpty();
        assertThat(errors("label bad = sum(close, -2)")).singleElement().asString()
                .contains("window of 'sum' must be at least 1 row");
    }

    @Test
    void windowsLongerThanTheLimitAreRefused() {
        assertThat(errors("alpha a = rank(adv99999999999)")).singleElement().asString()
                .contains("'adv99999999999' averages 99999999999 rows: longer than the limit of 5000 rows");
        assertThat(errors("alpha a = sum(close, 100000)")).singleElement().asString()
                .contains("longer than the limit of 5000 rows");
    }

    @Test
    void aFormulaWhoseCanonicalFormWouldExceedTheLimitsIsRefused() {
        // A balanced sum of 999 closes (1,997 nodes) + scale(close): 2,000 nodes as written, the
        // limit; scale(close) becomes scale(close, 1), one node more.
        String sum = balancedSum(999) + " + scale(close)";
        assertThat(errors("alpha a = " + sum)).singleElement().asString()
                .contains("the canonical form of 'a' exceeds the limits: formula has 2001 nodes");
    }

    private static String balancedSum(int terms) {
        return terms == 1 ? "close" : "(" + balancedSum(terms / 2) + " + " + balancedSum(terms - terms / 2) + ")";
    }

    @Test
    void indClassOnlyInsideIndNeutralize() {
        assertThat(errors("alpha a = rank(IndClass.sector)")).singleElement().asString()
                .contains("IndClass levels can only be the second argument of indneutralize");
        assertThat(errors("alpha a = indneutralize(close, close)")).singleElement().asString()
                .contains("must be IndClass.sector, IndClass.industry or IndClass.subindustry");
    }

    @Test
    void unitsAreInferredAndMixingThemIsAWarning() {
        assertThat(alpha("close * volume").unit()).isEqualTo(Unit.DOLLAR);
        assertThat(alpha("close / open").unit()).isEqualTo(Unit.RATIO);
        assertThat(alpha("delta(close, 5)").unit()).isEqualTo(Unit.PRICE);
        assertThat(alpha("rank(volume)").unit()).isEqualTo(Unit.RATIO);
        assertThat(alpha("adv20 - volume").unit()).isEqualTo(Unit.VOLUME);
        CheckedAlpha mixed = alpha("close + volume");
        assertThat(mixed.warnings()).singleElement().asString()
                .contains("adds volume to price: the units do not match");
        assertThat(alpha("close + 1").warnings()).isEmpty();
        assertThat(alpha("close < volume").warnings()).singleElement().asString().contains("compares price with volume");
    }

    @Test
    void fieldsAndLookbackAreRecorded() {
        CheckedAlpha a = alpha("correlation(rank(delay(close, 5)), adv20, 10)");
        assertThat(a.fields()).containsExactlyInAnyOrder("close", "adv20");
        // adv20 reads 19 rows of volume; the window of 10 adds 9 to the deeper branch.
        assertThat(a.lookback()).isEqualTo(19 + 9);
    }

    @Test
    void checkExpressionThrowsWithEveryError() {
        assertThatThrownBy(() -> alpha("foo(clsoe)"))
                .isInstanceOf(FormulaException.class)
                .satisfies(e -> assertThat(((FormulaException) e).diagnostics()).hasSize(2));
    }

    @Test
    void dataFieldsBecomeKnown() {
        Checker withExtra = new Checker(io.quarry.dsl.parse.Limits.DEFAULT, java.util.Set.of("sentiment"));
        assertThat(withExtra.checkExpression("a", "rank(sentiment)", Definition.Kind.ALPHA).fields())
                .containsExactly("sentiment");
    }
}
