package io.quarry.miner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.quarry.dsl.ast.Expr;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Subtree counting and the frequent-subtree penalty, on formulas counted by hand. */
class SubtreeCounterTest {

    private static Expr tree(String formula) {
        return Markets.alpha("x", formula).canonical();
    }

    @Test
    void operatorSubtreesAreCountedOncePerMember() {
        Expr a = tree("rank(delta(close, 5))");
        // rank(delta(close, 5)) and delta(close, 5); leaves are not subtrees.
        assertThat(SubtreeCounter.subtrees(a)).hasSize(2);
        // delta(close, 5) twice in one member counts once for it.
        Expr b = tree("delta(close, 5) / ts_max(delta(close, 5), 10)");
        Expr c = tree("sum(returns, 5)");
        SubtreeCounter counter = new SubtreeCounter(List.of(a, b, c));
        assertThat(counter.count(tree("delta(close, 5)"))).isEqualTo(2);
        assertThat(counter.count(tree("sum(returns, 5)"))).isEqualTo(1);
        assertThat(counter.count(tree("rank(close)"))).isZero();
    }

    @Test
    void thePenaltyIsTheWeightedExcessShareOfEachSubtree() {
        SubtreeCounter counter = new SubtreeCounter(List.of(tree("rank(delta(close, 5))"),
                tree("delta(close, 5) / close"), tree("sum(returns, 5)"), tree("rank(volume)")));
        // Candidate subtrees: -delta(close, 5) (share 0), delta(close, 5) (share 2/4).
        // Excess over 0.2: 0.5 - 0.2 = 0.3; weight 0.01 -> 0.003.
        assertThat(counter.penalty(tree("-delta(close, 5)"), 0.2, 0.01)).isCloseTo(0.003, within(1e-15));
        assertThat(counter.penalty(tree("rank(open)"), 0.2, 0.01)).isZero();
        assertThat(new SubtreeCounter(List.of()).penalty(tree("rank(open)"), 0.2, 0.01)).isZero();
    }
}
