package io.quarry.evaluator.rl;

/**
 * Generalised advantage estimation (Schulman et al., "High-dimensional continuous control using
 * generalized advantage estimation", 2016) over a run of steps that may hold several episodes:
 * {@code delta_t = r_t + gamma (1 - done_t) V(s_(t+1)) - V(s_t)},
 * {@code A_t = delta_t + gamma lambda (1 - done_t) A_(t+1)}, and the value targets
 * {@code R_t = A_t + V(s_t)}.
 */
public final class Gae {

    /**
     * @param advantages {@code A_t}
     * @param returns    {@code A_t + V(s_t)}: the critic's targets
     */
    public record Estimate(double[] advantages, double[] returns) {
    }

    private Gae() {
    }

    /**
     * @param rewards   {@code r_0 .. r_(T-1)}
     * @param values    {@code V(s_0) .. V(s_(T-1))}
     * @param terminal  {@code terminal[t]}: the episode ended with step t (nothing is bootstrapped past it)
     * @param lastValue {@code V(s_T)}, the value of the state after the last step when the run was cut
     *                  short of an episode's end; unused when the last step is terminal
     * @param gamma     discount, in [0, 1]
     * @param lambda    GAE's bias-variance trade-off, in [0, 1]
     */
    public static Estimate compute(double[] rewards, double[] values, boolean[] terminal, double lastValue,
                                   double gamma, double lambda) {
        int n = rewards.length;
        if (values.length != n || terminal.length != n) {
            throw new IllegalArgumentException("rewards, values and terminal flags differ in length: " + n + ", "
                    + values.length + ", " + terminal.length);
        }
        checkUnit("gamma", gamma);
        checkUnit("lambda", lambda);
        double[] advantages = new double[n];
        double[] returns = new double[n];
        double next = 0;
        double nextValue = lastValue;
        for (int t = n - 1; t >= 0; t--) {
            double carry = terminal[t] ? 0 : gamma;
            double delta = rewards[t] + carry * nextValue - values[t];
            next = delta + carry * lambda * next;
            advantages[t] = next;
            returns[t] = next + values[t];
            nextValue = values[t];
        }
        return new Estimate(advantages, returns);
    }

    static void checkUnit(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], got " + value);
        }
    }
}
