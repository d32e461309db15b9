package io.quarry.evaluator.rl;

import ai.djl.ndarray.NDArray;

/**
 * A Gaussian policy with independent action components: mean from the actor, one learned log
 * standard deviation per component shared by every state (as in the PPO paper's continuous tasks).
 */
public final class DiagonalGaussian {

    private static final double LOG_TWO_PI = Math.log(2 * Math.PI);

    private DiagonalGaussian() {
    }

    /**
     * {@code log N(a; mu, diag(sigma^2)) = sum_k [-(a_k - mu_k)^2 / (2 sigma_k^2) - log sigma_k - log(2 pi) / 2]}.
     *
     * @param actions shape [B, K]
     * @param means   shape [B, K]
     * @param logStd  shape [K]
     * @return shape [B]
     */
    public static NDArray logProb(NDArray actions, NDArray means, NDArray logStd) {
        NDArray z = actions.sub(means).div(logStd.exp());
        return z.square().mul(-0.5).sub(logStd).sub(0.5 * LOG_TWO_PI).sum(new int[] {1});
    }

    /** {@code sum_k [log sigma_k + (1 + log(2 pi)) / 2]}, a scalar: the entropy of every state's action. */
    public static NDArray entropy(NDArray logStd) {
        return logStd.add(0.5 * (1 + LOG_TWO_PI)).sum();
    }
}
