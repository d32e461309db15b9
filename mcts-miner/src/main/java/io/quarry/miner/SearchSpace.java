package io.quarry.miner;

import io.quarry.dsl.ast.Expr;
import io.quarry.dsl.canon.Printer;
import io.quarry.dsl.check.CheckedAlpha;
import io.quarry.dsl.check.Checker;
import io.quarry.dsl.parse.Definition;
import io.quarry.dsl.parse.FormulaException;
import io.quarry.dsl.parse.Limits;
import io.quarry.evaluator.LogicRubric;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a proposed tree into a candidate: printed, checked by the language's checker (so it has a
 * canonical form, hash, units and lookback, and provably reads no future row: the checker refuses
 * negative delays outside labels, and the search space has none), and passed through the logic
 * rubric as a hard filter. A candidate is named after its structural hash, so names are unique.
 *
 * <p>The candidate is the tree's cross-sectional rank, {@code rank(tree)} (the tree itself when it
 * already is a rank): the pool's least squares on raw values let a few extreme cells (ratios
 * whose denominator nears zero) carry a formula's training IC, and such pools did not hold on the
 * valid range (docs/MINING.md, "Candidates are ranks").
 */
final class SearchSpace {

    /**
     * Candidates whose logic score is below this are never evaluated: it lets through one unit
     * mismatch (-15) or a price-level value (-10), not an always-NaN or always-constant operation
     * (-20, -30) or several findings together.
     */
    static final double MIN_LOGIC = 85;

    private final Vocabulary vocabulary;
    private final int maxLength;
    private final Checker checker;
    private final int availableRows;

    /**
     * @param dataFields    the panel's fields (the checker accepts any of them)
     * @param availableRows rows of history the search sees (the rubric penalises lookbacks near it)
     */
    SearchSpace(Vocabulary vocabulary, int maxLength, Set<String> dataFields, int availableRows) {
        this.vocabulary = vocabulary;
        this.maxLength = maxLength;
        this.checker = new Checker(Limits.DEFAULT, dataFields);
        this.availableRows = availableRows;
    }

    Vocabulary vocabulary() {
        return vocabulary;
    }

    RpnState start() {
        return RpnState.empty(vocabulary, maxLength);
    }

    /** The checked candidate, or empty when it fails the checker or the rubric. */
    Optional<CheckedAlpha> check(Expr tree) {
        try {
            CheckedAlpha alpha = checker.checkExpression("candidate", Printer.print(tree), Definition.Kind.ALPHA);
            if (alpha.fields().isEmpty() || LogicRubric.score(alpha, availableRows).score() < MIN_LOGIC) {
                return Optional.empty();
            }
            if (!(alpha.canonical() instanceof Expr.Call call && call.function().equals("rank"))) {
                alpha = checker.checkExpression("candidate", "rank(" + alpha.canonicalText() + ")",
                        Definition.Kind.ALPHA);
            }
            return Optional.of(renamed(alpha, "a" + alpha.hash()));
        } catch (FormulaException e) {
            return Optional.empty();
        }
    }

    static CheckedAlpha renamed(CheckedAlpha a, String name) {
        return new CheckedAlpha(name, a.kind(), a.source(), a.canonical(), a.canonicalText(), a.hash(), a.unit(),
                a.warnings(), a.fields(), a.lookback(), a.depth(), a.size());
    }
}
