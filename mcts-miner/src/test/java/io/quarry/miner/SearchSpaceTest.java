package io.quarry.miner;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.dsl.ast.Expr;
import io.quarry.dsl.check.CheckedAlpha;
import io.quarry.dsl.check.Checker;
import io.quarry.dsl.parse.Definition;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What {@link SearchSpace#check} makes of a proposed tree. */
class SearchSpaceTest {

    private final SearchSpace space = new SearchSpace(Vocabulary.standard(false), 15,
            Set.of("open", "high", "low", "close", "volume"), 1000);

    private static Expr tree(String formula) {
        return Checker.standard().checkExpression("t", formula, Definition.Kind.ALPHA).canonical();
    }

    @Test
    void aCandidateIsTheCrossSectionalRankOfTheTree() {
        CheckedAlpha c = space.check(tree("delta(close, 5) / volume")).orElseThrow();
        assertThat(c.canonicalText()).isEqualTo("rank(delta(close, 5) / volume)");
        assertThat(c.name()).isEqualTo("a" + c.hash());
    }

    @Test
    void aTreeThatIsARankAlreadyIsNotRankedTwice() {
        CheckedAlpha c = space.check(tree("rank(delta(close, 5))")).orElseThrow();
        assertThat(c.canonicalText()).isEqualTo("rank(delta(close, 5))");
    }

    @Test
    void aTreeAndItsRankAreTheSameCandidate() {
        assertThat(space.check(tree("ts_max(high, 10)")).orElseThrow().hash())
                .isEqualTo(space.check(tree("rank(ts_max(high, 10))")).orElseThrow().hash());
    }

    @Test
    void theRubricStillFiltersTheTreeItself() {
        // A constant has no field: never a candidate, ranked or not.
        assertThat(space.check(tree("5"))).isEmpty();
    }
}
