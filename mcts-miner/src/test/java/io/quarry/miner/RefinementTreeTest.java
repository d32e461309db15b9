package io.quarry.miner;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.dsl.ast.Expr;
import io.quarry.dsl.canon.Printer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The mechanics of {@link RefinementTree}: who writes, what becomes a node, who learns which reward. */
class RefinementTreeTest {

    private final Vocabulary v = Vocabulary.standard(false);
    private final Edits edits = new Edits(v, 15);

    /** Writes {@code delay(field, 1)}, {@code delay(field, 2)}, ... and records the rewards it is told. */
    private static final class Writer implements Proposer {
        final List<Expr> written = new ArrayList<>();
        final List<Double> learned = new ArrayList<>();
        final String field;

        Writer(String field) {
            this.field = field;
        }

        @Override
        public List<Expr> propose(int n) {
            List<Expr> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                out.add(new Expr.Call("delay", List.of(new Expr.Field(field), new Expr.Num(written.size() + 1))));
                written.add(out.get(i));
            }
            return out;
        }

        @Override
        public void learn(double[] rewards) {
            Arrays.stream(rewards).forEach(learned::add);
        }
    }

    @Test
    void withoutAFormulaThatPaidEveryProposalIsWritten() {
        Writer writer = new Writer("close");
        RefinementTree tree = new RefinementTree(writer, edits, 1, Mcts.HALF_LIFE);
        for (int batch = 0; batch < 5; batch++) {
            List<Expr> out = tree.propose(8);
            assertThat(out).hasSize(8);
            tree.learn(new double[8]);
        }
        assertThat(writer.written).hasSize(40);
        assertThat(tree.root().children).isEmpty();
        assertThat(tree.root().all.visits).isEqualTo(40);
    }

    @Test
    void aFormulaThatPaysBecomesANodeAndItsEditsAreProposed() {
        Writer writer = new Writer("close");
        RefinementTree tree = new RefinementTree(writer, edits, 2, Mcts.HALF_LIFE);
        List<Expr> first = tree.propose(4);
        tree.learn(new double[] {0, 0.02, 0, -0.01});
        assertThat(tree.root().children).hasSize(1);
        RefinementTree.FormulaNode node = tree.root().children.get(0);
        assertThat(node.formula).isEqualTo(first.get(1));
        assertThat(node.all.visits).isEqualTo(1);
        assertThat(node.all.total).isEqualTo(0.02);

        int writtenBefore = writer.written.size();
        List<Expr> next = tree.propose(8);
        int edited = next.size() - (writer.written.size() - writtenBefore);
        // The node's value is the best seen and the root's own action the worst's mean: it is refined first.
        assertThat(edited).isPositive();
        assertThat(node.own.visits).isEqualTo(edited);
        for (Expr e : next) {
            assertThat(writer.written.contains(e) || !e.equals(node.formula)).isTrue();
        }
    }

    @Test
    void theWriterLearnsExactlyTheRewardsOfItsOwnProposalsInOrder() {
        Writer writer = new Writer("close");
        RefinementTree tree = new RefinementTree(writer, edits, 3, Mcts.HALF_LIFE);
        List<Double> expected = new ArrayList<>();
        for (int batch = 0; batch < 20; batch++) {
            int writtenBefore = writer.written.size();
            List<Expr> out = tree.propose(8);
            List<Expr> fresh = writer.written.subList(writtenBefore, writer.written.size());
            double[] rewards = new double[out.size()];
            for (int i = 0; i < out.size(); i++) {
                // Distinct rewards, a few of them positive so that the tree grows.
                rewards[i] = (batch * 8 + i) % 5 == 0 ? 0.001 * (batch + 1) : -0.0001 * i;
                if (fresh.contains(out.get(i))) {
                    expected.add(rewards[i]);
                }
            }
            tree.learn(rewards);
        }
        assertThat(tree.root().all.visits).isEqualTo(160);
        assertThat(writer.learned).isEqualTo(expected).hasSizeLessThan(160);
    }

    @Test
    void theFormulaThatPaidMoreIsRefinedMore() {
        Writer writer = new Writer("close");
        RefinementTree tree = new RefinementTree(writer, edits, 4, Mcts.HALF_LIFE);
        tree.propose(2);
        tree.learn(new double[] {0.03, 0.01});
        RefinementTree.FormulaNode better = tree.root().children.get(0);
        RefinementTree.FormulaNode worse = tree.root().children.get(1);
        for (int batch = 0; batch < 10; batch++) {
            tree.learn(new double[tree.propose(8).size()]);
        }
        assertThat(better.own.visits).isGreaterThan(worse.own.visits);
    }

    @Test
    void sameSeedAndRewardsGiveTheSameProposals() {
        assertThat(run(11)).isEqualTo(run(11)).isNotEqualTo(run(12));
    }

    private List<String> run(long seed) {
        RefinementTree tree = new RefinementTree(new Writer("open"), edits, seed, Mcts.HALF_LIFE);
        List<String> out = new ArrayList<>();
        for (int batch = 0; batch < 20; batch++) {
            List<Expr> trees = tree.propose(8);
            double[] rewards = new double[trees.size()];
            for (int i = 0; i < rewards.length; i++) {
                String text = Printer.print(trees.get(i));
                out.add(text);
                // The first formula pays, so edits follow; then edits that bring in volume pay.
                rewards[i] = batch == 0 && i == 0 || text.contains("volume") ? 0.02 : 0.0;
            }
            tree.learn(rewards);
        }
        return out;
    }
}
