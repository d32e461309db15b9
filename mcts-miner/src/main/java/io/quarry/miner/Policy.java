package io.quarry.miner;

import java.util.SplittableRandom;

/**
 * Move probabilities over the vocabulary for a partial formula (0 for illegal moves), and a value
 * estimate. The untrained policy ends the formula with probability {@link #END_PROBABILITY} where
 * it may end, else draws uniformly among the other legal moves: formulas stay short, so a
 * rollout's reward mostly reflects the formula written so far. A trained policy is {@link PolicyNetwork}'s.
 */
interface Policy {

    /** Probability of END, where it is legal, in the uniform policy. */
    double END_PROBABILITY = 0.5;

    /** Probabilities over the vocabulary, 0 on illegal moves, summing to 1. */
    double[] probabilities(RpnState state);

    /** The expected reward of finishing from this state, or NaN when the policy has no estimate. */
    double value(RpnState state);

    /** The untrained policy: END with {@link #END_PROBABILITY} where legal, else uniform. */
    static Policy uniform() {
        return new Policy() {
            @Override
            public double[] probabilities(RpnState state) {
                double[] p = new double[state.vocabulary().size()];
                int end = state.vocabulary().end();
                int[] legal = state.legalActions();
                boolean canEnd = state.legal(end);
                int others = legal.length - (canEnd ? 1 : 0);
                for (int a : legal) {
                    p[a] = a == end ? (others == 0 ? 1 : END_PROBABILITY)
                            : (canEnd ? 1 - END_PROBABILITY : 1.0) / others;
                }
                return p;
            }

            @Override
            public double value(RpnState state) {
                return Double.NaN;
            }
        };
    }

    /** {@code w * a + (1 - w) * b}: probabilities of both, value of {@code a}. */
    static Policy blend(Policy a, Policy b, double w) {
        return new Policy() {
            @Override
            public double[] probabilities(RpnState state) {
                double[] pa = a.probabilities(state);
                double[] pb = b.probabilities(state);
                double[] p = new double[pa.length];
                for (int i = 0; i < p.length; i++) {
                    p[i] = w * pa[i] + (1 - w) * pb[i];
                }
                return p;
            }

            @Override
            public double value(RpnState state) {
                return a.value(state);
            }
        };
    }

    /** Draws a move from probabilities (inverse CDF; the last legal move takes rounding leftovers). */
    static int sample(double[] p, SplittableRandom rng) {
        double u = rng.nextDouble();
        double acc = 0;
        int last = -1;
        for (int a = 0; a < p.length; a++) {
            if (p[a] > 0) {
                acc += p[a];
                last = a;
                if (u < acc) {
                    return a;
                }
            }
        }
        return last;
    }

    /** Completes a formula by drawing moves from a policy until END. */
    static RpnState rollout(RpnState state, Policy policy, SplittableRandom rng) {
        RpnState s = state;
        while (!s.terminal()) {
            s = s.apply(sample(policy.probabilities(s), rng));
        }
        return s;
    }
}
