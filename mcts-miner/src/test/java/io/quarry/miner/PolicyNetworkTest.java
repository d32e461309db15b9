package io.quarry.miner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** {@link PolicyNetwork}: learns a known target, deterministically, and never puts mass on illegal moves. */
class PolicyNetworkTest {

    private final Vocabulary vocabulary = Vocabulary.standard(false);

    /** The empty formula's target: all mass on 'close'; after 'close': all on 'rank'. */
    private List<PolicyNetwork.Example> examples() {
        RpnState empty = RpnState.empty(vocabulary, 15);
        RpnState close = empty.apply(vocabulary.indexOf("close"));
        double[] p0 = new double[vocabulary.size()];
        p0[vocabulary.indexOf("close")] = 1;
        double[] p1 = new double[vocabulary.size()];
        p1[vocabulary.indexOf("rank")] = 1;
        List<PolicyNetwork.Example> out = new ArrayList<>();
        out.add(new PolicyNetwork.Example(empty, p0, 0.01));
        out.add(new PolicyNetwork.Example(close, p1, 0.03));
        return out;
    }

    @Test
    void learnsTheTargetPolicyAndValueDeterministically() {
        double[] first;
        double[] second;
        try (PolicyNetwork a = PolicyNetwork.start(vocabulary, 5); PolicyNetwork b = PolicyNetwork.start(vocabulary, 5)) {
            assertThat(a.trained()).isFalse();
            for (int round = 0; round < 3; round++) {
                a.train(examples());
                b.train(examples());
            }
            RpnState empty = RpnState.empty(vocabulary, 15);
            first = a.policy().probabilities(empty);
            second = b.policy().probabilities(empty);
            RpnState close = empty.apply(vocabulary.indexOf("close"));
            double[] afterClose = a.policy().probabilities(close);
            assertThat(first[vocabulary.indexOf("close")]).isGreaterThan(0.5);
            assertThat(afterClose[vocabulary.indexOf("rank")]).isGreaterThan(0.5);
            boolean[] legal = empty.legalMask();
            for (int i = 0; i < legal.length; i++) {
                if (!legal[i]) {
                    assertThat(first[i]).isZero();
                }
            }
            // Values are standardised for training and read back in reward units: 0.01 and 0.03.
            assertThat(a.policy().value(empty)).isBetween(0.0, 0.02);
            assertThat(a.policy().value(close)).isBetween(0.02, 0.04);
        }
        assertThat(first).containsExactly(second);
    }

    @Test
    void aTrainingThatPartsOnceIsOutvotedByTheTwoThatAgree() {
        // A loss that differs on the first attempt only stands for a training that parted: the
        // network must keep the weights of the two trainings that agree, those of a network that
        // never saw the odd one, and train three times in all; an ordinary training runs twice.
        int features = StateEncoder.features(vocabulary);
        float[] x = threeInputs(features);
        AtomicInteger attempts = new AtomicInteger();
        try (Mlp parted = Mlp.start(features, vocabulary.size(), 5);
             Mlp plain = Mlp.start(features, vocabulary.size(), 5)) {
            Mlp.Weights voted = parted.train(x, 3, PolicyNetwork.STEPS_PER_ROUND, scope -> {
                float scale = attempts.getAndIncrement() == 0 ? 2f : 1f;
                return (logits, value) -> logits.square().mean().mul(scale).add(value.square().mean());
            });
            assertThat(attempts).hasValue(3);
            attempts.set(0);
            Mlp.Weights expected = plain.train(x, 3, PolicyNetwork.STEPS_PER_ROUND, scope -> {
                attempts.incrementAndGet();
                return (logits, value) -> logits.square().mean().add(value.square().mean());
            });
            assertThat(attempts).hasValue(2);
            assertThat(voted.w1()).containsExactly(expected.w1());
            assertThat(voted.wp()).containsExactly(expected.wp());
            assertThat(voted.bv()).containsExactly(expected.bv());
            assertThat(parted.weights().w2()).containsExactly(expected.w2());
        }
    }

    @Test
    void theVoteStopsAtTheFirstResultThatComesTwice() {
        assertThat(Mlp.firstRepeated(scripted("a", "a"), 5)).isEqualTo("a");
        assertThat(Mlp.firstRepeated(scripted("a", "b", "b"), 5)).isEqualTo("b");
        assertThat(Mlp.firstRepeated(scripted("a", "b", "c", "a"), 5)).isEqualTo("a");
        assertThatThrownBy(() -> Mlp.firstRepeated(scripted("a", "b", "c"), 3))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("3 different results");
    }

    /** A batch of three encoded inputs: two with one feature set each, one all zero. */
    private static float[] threeInputs(int features) {
        float[] x = new float[3 * features];
        x[0] = 1;
        x[features + 1] = 1;
        return x;
    }

    /** Hands out the results in order, and fails on a call past them. */
    private static Supplier<String> scripted(String... results) {
        Iterator<String> next = List.of(results).iterator();
        return next::next;
    }

    @Test
    void trainingKeepsOnlyTheParametersAndTheirMoments() {
        // Native memory must not grow with the trainings of a search: what stays in the network's
        // manager is its 8 parameter arrays and Adam's first and second moments of each.
        int features = StateEncoder.features(vocabulary);
        float[] x = threeInputs(features);
        try (Mlp mlp = Mlp.start(features, vocabulary.size(), 5)) {
            for (int round = 0; round < 3; round++) {
                mlp.train(x, 3, PolicyNetwork.STEPS_PER_ROUND,
                        scope -> (logits, value) -> logits.square().mean().add(value.square().mean()));
                assertThat(mlp.manager().getManagedArrays()).hasSize(3 * 8);
            }
        }
    }

    /**
     * A search's kind of training set: {@code count} states along random walks of legal moves, each
     * with a random policy over its legal moves and a random value.
     */
    private List<PolicyNetwork.Example> walks(int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<PolicyNetwork.Example> out = new ArrayList<>();
        RpnState state = RpnState.empty(vocabulary, 15);
        while (out.size() < count) {
            if (state.terminal()) {
                state = RpnState.empty(vocabulary, 15);
            }
            int[] legal = state.legalActions();
            double[] policy = new double[vocabulary.size()];
            double sum = 0;
            for (int a : legal) {
                policy[a] = random.nextDouble();
                sum += policy[a];
            }
            for (int a : legal) {
                policy[a] /= sum;
            }
            out.add(new PolicyNetwork.Example(state, policy, random.nextDouble(-0.01, 0.05)));
            state = state.apply(legal[random.nextInt(legal.length)]);
        }
        return out;
    }

    @Test
    void twoNetworksTrainOnTwoThreadsAtOnceAsTheyWouldAlone() throws Exception {
        // The searches of a mining job run in one JVM, each on a task thread of its own, and train
        // their networks whenever their budgets say. DJL's PyTorch engine records gradients for one
        // caller at a time, and its grad mode is per thread (off only where the engine started).
        // PyTorch's thread counts are per thread too (DjlKernels.useEngineThreads). The batch is of
        // a search's size, as the trainings that parted in running searches were (docs/MINING.md,
        // "Determinism").
        List<PolicyNetwork.Example> examples = walks(240, 3);
        Callable<double[]> search = () -> {
            try (PolicyNetwork n = PolicyNetwork.start(vocabulary, 5)) {
                for (int round = 0; round < 3; round++) {
                    n.train(examples);
                }
                return n.policy().probabilities(RpnState.empty(vocabulary, 15));
            }
        };
        double[] alone = search.call();
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<double[]>> both = threads.invokeAll(List.of(search, search));
            assertThat(both.get(0).get()).containsExactly(alone);
            assertThat(both.get(1).get()).containsExactly(alone);
        } finally {
            threads.shutdownNow();
        }
    }
}
