package io.quarry.evaluator.rl;

import ai.djl.ndarray.NDArray;

/** The losses PPO minimises, as NDArray expressions that autograd differentiates. */
public final class PpoLoss {

    private PpoLoss() {
    }

    /**
     * The negated clipped surrogate objective:
     * {@code -mean_i min(rho_i A_i, clip(rho_i, 1 - eps, 1 + eps) A_i)} with the probability ratio
     * {@code rho_i = exp(logProb_i - oldLogProb_i)}.
     *
     * @param logProb    log pi(a_i | s_i) under the parameters being trained, shape [B]
     * @param oldLogProb the same under the parameters that collected the batch (constants), shape [B]
     * @param advantages A_i, shape [B]
     * @param epsilon    the clip range, in (0, 1)
     */
    public static NDArray clippedSurrogate(NDArray logProb, NDArray oldLogProb, NDArray advantages, double epsilon) {
        if (!(epsilon > 0 && epsilon < 1)) {
            throw new IllegalArgumentException("the clip range must be in (0, 1), got " + epsilon);
        }
        NDArray ratio = logProb.sub(oldLogProb).exp();
        NDArray unclipped = ratio.mul(advantages);
        NDArray clipped = ratio.clip(1 - epsilon, 1 + epsilon).mul(advantages);
        return unclipped.minimum(clipped).mean().neg();
    }

    /** The critic's loss: {@code mean_i (V_i - R_i)^2}. */
    public static NDArray valueLoss(NDArray values, NDArray returns) {
        return values.sub(returns).square().mean();
    }
}
