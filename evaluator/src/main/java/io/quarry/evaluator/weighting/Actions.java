package io.quarry.evaluator.weighting;

/** From the policy's raw action to the alphas' weights, as the PPO weighting paper does. */
public final class Actions {

    private Actions() {
    }

    /**
     * Each component clipped to [-1, 1], then divided by the sum of their absolute values, so the
     * weights' absolute values sum to 1; all equal ({@code 1/K}) when every component clips to 0.
     */
    public static double[] weights(double[] action) {
        int k = action.length;
        double[] w = new double[k];
        double l1 = 0;
        for (int a = 0; a < k; a++) {
            if (Double.isNaN(action[a])) {
                throw new IllegalArgumentException("action component " + a + " is NaN");
            }
            w[a] = Math.max(-1, Math.min(1, action[a]));
            l1 += Math.abs(w[a]);
        }
        for (int a = 0; a < k; a++) {
            w[a] = l1 == 0 ? 1.0 / k : w[a] / l1;
        }
        return w;
    }

    /** {@code 1/K} each. */
    public static double[] equal(int k) {
        double[] w = new double[k];
        java.util.Arrays.fill(w, 1.0 / k);
        return w;
    }

    /**
     * The combined signal {@code sum_a w_a z_a,s} over the alphas present at each symbol; NaN where
     * none is.
     */
    static double[] combine(double[] weights, double[][] z) {
        int n = z.length == 0 ? 0 : z[0].length;
        double[] c = new double[n];
        for (int s = 0; s < n; s++) {
            double sum = 0;
            boolean any = false;
            for (int a = 0; a < weights.length; a++) {
                double v = z[a][s];
                if (!Double.isNaN(v)) {
                    sum += weights[a] * v;
                    any = true;
                }
            }
            c[s] = any ? sum : Double.NaN;
        }
        return c;
    }
}
