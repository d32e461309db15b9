package io.quarry.evaluator.rl;

/**
 * The steps one PPO update learns from. Row i of each array is step i; the arrays are shared,
 * never written.
 *
 * @param states      [steps][state size]
 * @param actions     [steps][action size], as sampled (before any clipping by the environment)
 * @param oldLogProbs log-probability of each action under the policy that collected it
 * @param advantages  from {@link Gae}
 * @param returns     the critic's targets, from {@link Gae}
 */
public record PpoBatch(double[][] states, double[][] actions, double[] oldLogProbs, double[] advantages,
                       double[] returns) {

    public PpoBatch {
        int n = states.length;
        if (actions.length != n || oldLogProbs.length != n || advantages.length != n || returns.length != n) {
            throw new IllegalArgumentException("a PPO batch needs one action, log-probability, advantage and return per "
                    + "state: " + n + " states, " + actions.length + ", " + oldLogProbs.length + ", "
                    + advantages.length + ", " + returns.length);
        }
    }

    public int size() {
        return states.length;
    }
}
