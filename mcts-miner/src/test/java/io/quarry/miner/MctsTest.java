package io.quarry.miner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.quarry.dsl.canon.Printer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** PUCT arithmetic and the mechanics of {@link Mcts}, on cases computed by hand. */
class MctsTest {

    private final Vocabulary v = Vocabulary.standard(false);
    private final SearchSpace space = new SearchSpace(v, 15, java.util.Set.of(), 1000);

    @Test
    void puctIsQPlusScaledPriorOverVisits() {
        // 0.5 + 1.5 * 0.2 * 4 / (1 + 3) = 0.8
        assertThat(Mcts.puct(0.5, 0.2, Math.sqrt(16), 3)).isCloseTo(0.8, within(1e-15));
        assertThat(Mcts.puct(0.1, 0.0, 10, 0)).isCloseTo(0.1, within(1e-15));
    }

    @Test
    void boundsNormaliseValuesSeen() {
        Mcts.Bounds b = new Mcts.Bounds();
        assertThat(b.normalize(3)).isEqualTo(0.5);
        assertThat(b.lowest()).isZero();
        b.update(-0.01);
        b.update(0.03);
        assertThat(b.normalize(0.01)).isCloseTo(0.5, within(1e-12));
        assertThat(b.normalize(0.03)).isEqualTo(1.0);
        assertThat(b.lowest()).isEqualTo(-0.01);
    }

    @Test
    void selectionTradesValueAgainstPriorAndVisits() {
        Mcts.Node root = new Mcts.Node(space.start());
        root.prior = new double[v.size()];
        int close = v.indexOf("close");
        int open = v.indexOf("open");
        int volume = v.indexOf("volume");
        root.prior[close] = 0.5;
        root.prior[open] = 0.3;
        root.prior[volume] = 0.2;
        Mcts.Bounds bounds = new Mcts.Bounds();
        bounds.update(0);
        bounds.update(1);
        root.visits = 9;
        root.total = 4.5;
        // close: visited 8 times, mean 0.25: 0.25 + 1.5 * 0.5 * 3 / 9 = 0.5
        root.children[close] = new Mcts.Node(space.start().apply(close));
        root.children[close].visits = 8;
        root.children[close].total = 2.0;
        // open: visited once, mean 0.9: 0.9 + 1.5 * 0.3 * 3 / 2 = 1.575
        root.children[open] = new Mcts.Node(space.start().apply(open));
        root.children[open].visits = 1;
        root.children[open].total = 0.9;
        // volume: unvisited, parent's Q 0.5: 0.5 + 1.5 * 0.2 * 3 / 1 = 1.4
        assertThat(Mcts.select(root, bounds)).isEqualTo(open);
        root.children[open].total = 0.2;
        // open now 0.2 + 0.675 = 0.875 < volume's 1.4
        assertThat(Mcts.select(root, bounds)).isEqualTo(volume);
        root.children[open].exhausted = true;
        root.prior[volume] = 0;
        // Now every move scores 0.5 (close 0.25 + 0.25; the others unvisited, no prior): the tie goes to
        // the lowest action that is not exhausted: open (0) is, so high (1).
        assertThat(v.indexOf("open")).isZero();
        assertThat(Mcts.select(root, bounds)).isEqualTo(v.indexOf("high"));
    }

    @Test
    void sameSeedAndRewardsGiveTheSameProposals() {
        assertThat(run(11)).isEqualTo(run(11)).isNotEqualTo(run(12));
    }

    private List<String> run(long seed) {
        Mcts mcts = new Mcts(space, Policy::uniform, seed);
        List<String> out = new ArrayList<>();
        for (int batch = 0; batch < 20; batch++) {
            var trees = mcts.propose(8);
            double[] rewards = new double[trees.size()];
            for (int i = 0; i < rewards.length; i++) {
                String text = Printer.print(trees.get(i));
                out.add(text);
                rewards[i] = text.contains("volume") ? 0.02 : 0.0;
            }
            mcts.learn(rewards);
        }
        return out;
    }

    @Test
    void rewardsSteerVisitsAndBackUpAlongThePath() {
        Mcts mcts = new Mcts(space, Policy::uniform, 3);
        for (int batch = 0; batch < 60; batch++) {
            var trees = mcts.propose(8);
            double[] rewards = new double[trees.size()];
            for (int i = 0; i < rewards.length; i++) {
                rewards[i] = Printer.print(trees.get(i)).startsWith("volume") ? 1 : 0;
            }
            mcts.learn(rewards);
        }
        Mcts.Node root = mcts.root();
        assertThat(root.visits).isEqualTo(480);
        int volume = v.indexOf("volume");
        int best = -1;
        for (int a : root.legal) {
            if (root.children[a] != null && (best < 0 || root.children[a].visits > root.children[best].visits)) {
                best = a;
            }
        }
        assertThat(best).isEqualTo(volume);
        int sum = 0;
        for (Mcts.Node child : root.children) {
            sum += child == null ? 0 : child.visits;
        }
        // Every simulation but the first (which expanded the root) went through one child.
        assertThat(sum).isEqualTo(root.visits - 1);
    }
}
