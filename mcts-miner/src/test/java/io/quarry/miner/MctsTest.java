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
        Mcts.Bounds bounds = bounds01();
        visits(root, 9, 4.5);
        // close: visited 8 times, mean 0.25: 0.25 + 1.5 * 0.5 * 3 / 9 = 0.5
        root.children[close] = new Mcts.Node(space.start().apply(close));
        visits(root.children[close], 8, 2.0);
        // open: visited once, mean 0.9: 0.9 + 1.5 * 0.3 * 3 / 2 = 1.575
        root.children[open] = new Mcts.Node(space.start().apply(open));
        visits(root.children[open], 1, 0.9);
        // volume: unvisited, parent's Q 0.5: 0.5 + 1.5 * 0.2 * 3 / 1 = 1.4
        assertThat(Mcts.select(root, bounds, 1, 0)).isEqualTo(open);
        visits(root.children[open], 1, 0.2);
        // open now 0.2 + 0.675 = 0.875 < volume's 1.4
        assertThat(Mcts.select(root, bounds, 1, 0)).isEqualTo(volume);
        root.children[open].exhausted = true;
        root.prior[volume] = 0;
        // Now every move scores 0.5 (close 0.25 + 0.25; the others unvisited, no prior): the tie goes to
        // the lowest action that is not exhausted: open (0) is, so high (1).
        assertThat(v.indexOf("open")).isZero();
        assertThat(Mcts.select(root, bounds, 1, 0)).isEqualTo(v.indexOf("high"));
    }

    /** Sets a node's all-time and recent statistics alike, as at clock 0. */
    private static void visits(Mcts.Node node, int visits, double total) {
        node.visits = visits;
        node.total = total;
        node.recentVisits = visits;
        node.recentTotal = total;
    }

    @Test
    void aVisitCountsHalfAfterOneHalfLife() {
        double decay = Math.pow(0.5, 1 / 100.0);
        Mcts.Node node = new Mcts.Node(space.start());
        for (int i = 0; i < 4; i++) {
            node.visit(1.0, decay, 0);
        }
        assertThat(node.discountedVisits(decay, 100)).isCloseTo(2.0, within(1e-12));
        assertThat(node.discountedVisits(decay, 200)).isCloseTo(1.0, within(1e-12));
        // One visit of value 0 at clock 100: recent 4 * 0.5 + 1 = 3 visits worth 4 * 0.5 + 0 = 2;
        // all time 5 visits worth 4.
        node.visit(0.0, decay, 100);
        assertThat(node.recentVisits).isCloseTo(3.0, within(1e-12));
        assertThat(node.recentTotal).isCloseTo(2.0, within(1e-12));
        assertThat(node.visits).isEqualTo(5);
        assertThat(node.total).isEqualTo(4.0);
        // A virtual visit revalued at the same clock: 0 -> 0.6 in both sums.
        node.revalue(0.0, 0.6);
        assertThat(node.recentTotal).isCloseTo(2.6, within(1e-12));
        assertThat(node.total).isCloseTo(4.6, within(1e-12));
    }

    @Test
    void aMoveVisitedLongAgoIsExploredAgain() {
        int close = v.indexOf("close");
        int open = v.indexOf("open");
        // open: 8 visits at clock 0; close: 3 visits at clock 200; both of mean 0.5, equal priors.
        // All time: N = 11, open 0.5 + 1.5 * 0.5 * sqrt(11) / 9 < close 0.5 + 1.5 * 0.5 * sqrt(11) / 4.
        assertThat(Mcts.select(twoMoves(1), bounds01(), 1, 200)).isEqualTo(close);
        // Half-life 100: at clock 200 open's 8 visits count as 2 and N as 5, so open's
        // 0.5 + 0.75 * sqrt(5) / 3 beats close's 0.5 + 0.75 * sqrt(5) / 4.
        double decay = Math.pow(0.5, 1 / 100.0);
        assertThat(Mcts.select(twoMoves(decay), bounds01(), decay, 200)).isEqualTo(open);
    }

    private Mcts.Node twoMoves(double decay) {
        int close = v.indexOf("close");
        int open = v.indexOf("open");
        Mcts.Node root = new Mcts.Node(space.start());
        root.prior = new double[v.size()];
        root.prior[close] = 0.5;
        root.prior[open] = 0.5;
        root.children[open] = new Mcts.Node(space.start().apply(open));
        root.children[close] = new Mcts.Node(space.start().apply(close));
        for (int i = 0; i < 8; i++) {
            root.visit(0.5, decay, 0);
            root.children[open].visit(0.5, decay, 0);
        }
        for (int i = 0; i < 3; i++) {
            root.visit(0.5, decay, 200);
            root.children[close].visit(0.5, decay, 200);
        }
        return root;
    }

    private static Mcts.Bounds bounds01() {
        Mcts.Bounds bounds = new Mcts.Bounds();
        bounds.update(0);
        bounds.update(1);
        return bounds;
    }

    /**
     * A move whose reward drops after 600 simulations (close: 1, then 0.4) against one that keeps
     * paying 0.5 (open), anything else 0. On all-time means close's mean stays above 0.5 until its
     * visits after the drop outnumber those before it five to one (n + 0.4 m > 0.5 (n + m) for
     * m < 5 n), so the tree keeps choosing it; with a half-life of 200 its early visits fade within a
     * few hundred simulations.
     */
    @Test
    void discountingLeavesAMoveWhoseRewardDriedUp() {
        assertThat(shareOfOpenInSimulations1500To2000(200)).isGreaterThan(0.6);
        assertThat(shareOfOpenInSimulations1500To2000(Double.POSITIVE_INFINITY)).isLessThan(0.4);
    }

    private double shareOfOpenInSimulations1500To2000(double halfLife) {
        Mcts mcts = new Mcts(space, Policy::uniform, 5, halfLife);
        Mcts.Node root = mcts.root();
        int close = v.indexOf("close");
        int open = v.indexOf("open");
        int openVisits = 0;
        for (int sim = 0; sim < 2000; sim++) {
            int closeBefore = visitsOf(root, close);
            int openBefore = visitsOf(root, open);
            mcts.propose(1);
            double reward = visitsOf(root, close) > closeBefore ? (sim < 600 ? 1 : 0.4)
                    : visitsOf(root, open) > openBefore ? 0.5 : 0;
            if (sim >= 1500 && visitsOf(root, open) > openBefore) {
                openVisits++;
            }
            mcts.learn(new double[] {reward});
        }
        return openVisits / 500.0;
    }

    private static int visitsOf(Mcts.Node root, int action) {
        return root.children[action] == null ? 0 : root.children[action].visits;
    }

    @Test
    void sameSeedAndRewardsGiveTheSameProposals() {
        assertThat(run(11)).isEqualTo(run(11)).isNotEqualTo(run(12));
    }

    private List<String> run(long seed) {
        Mcts mcts = new Mcts(space, Policy::uniform, seed, Mcts.HALF_LIFE);
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
        Mcts mcts = new Mcts(space, Policy::uniform, 3, Mcts.HALF_LIFE);
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
