package io.quarry.evaluator.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * Pearson correlation along the last axis over masked pairs, as NDArray operations, with the
 * reference's rules: two-pass (means, then sums of products of deviations), NaN for fewer than
 * {@code minPairs} pairs or a side that is exactly constant over the pairs, clamped to [-1, 1].
 */
final class MaskedPearson {

    /**
     * A side is worth the exact constancy test when its sum of squared deviations is at most this
     * times n mean^2. Rounding leaves a constant side of n values with a ratio of at most about
     * (n eps)^2 (1e-24 for n = 10^4), far below.
     */
    private static final double SUSPECT = 1e-16;

    private MaskedPearson() {
    }

    /**
     * @param x        float64, broadcastable to {@code mask}'s shape
     * @param y        likewise
     * @param mask     true where the pair takes part (both present)
     * @param exact    whether rounding may leave a constant side with deviations slightly off zero
     *                 (raw values); ranks centre exactly, so there a constant side gives 0/0 = NaN
     * @return float64 with the last axis reduced, owned by {@code owner}
     */
    static NDArray of(NDArray x, NDArray y, NDArray mask, int minPairs, boolean exact, NDManager owner) {
        int axis = mask.getShape().dimension() - 1;
        int[] last = {axis};
        try (NDManager temp = owner.newSubManager()) {
            // Everything derived from inputs attached here is freed when this manager closes.
            temp.tempAttachAll(x, y, mask);
            NDArray zero = temp.create(0.0);
            NDArray weight = mask.toType(DataType.FLOAT64, false);
            NDArray pairs = weight.sum(last, true);
            NDArray xs = Masking.select(mask, x, zero);
            NDArray ys = Masking.select(mask, y, zero);
            NDArray mx = xs.sum(last, true).div(pairs);
            NDArray my = ys.sum(last, true).div(pairs);
            NDArray dx = xs.sub(mx).mul(weight);
            NDArray dy = ys.sub(my).mul(weight);
            NDArray sxy = dx.mul(dy).sum(last);
            NDArray sxx = dx.square().sum(last);
            NDArray syy = dy.square().sum(last);
            // A side without spread leaves sxy = 0 and its sum of squares = 0: 0/0 = NaN.
            NDArray corr = sxy.div(sxx.sqrt().mul(syy.sqrt())).clip(-1, 1);

            NDArray count = pairs.squeeze(axis);
            NDArray valid = count.gte(Math.max(minPairs, 2));
            if (exact) {
                NDArray suspect = nearlyConstant(sxx, mx, count, axis).logicalOr(nearlyConstant(syy, my, count, axis))
                        .logicalAnd(valid);
                // The exact test costs full passes: only for blocks where some row needs it.
                if (suspect.any().getBoolean()) {
                    valid = valid.logicalAnd(spread(x, mask, temp)).logicalAnd(spread(y, mask, temp));
                }
            }
            NDArray result = NDArrays.where(valid, corr, temp.create(Double.NaN));
            result.attach(owner);
            return result;
        }
    }

    private static NDArray nearlyConstant(NDArray squares, NDArray mean, NDArray count, int axis) {
        return squares.lte(mean.squeeze(axis).square().mul(count).mul(SUSPECT));
    }

    /** Whether the masked values of a row are not all equal, decided exactly (largest > smallest). */
    private static NDArray spread(NDArray values, NDArray mask, NDManager temp) {
        int[] last = {mask.getShape().dimension() - 1};
        NDArray largest = Masking.select(mask, values, temp.create(Double.NEGATIVE_INFINITY)).max(last);
        NDArray smallest = Masking.select(mask, values, temp.create(Double.POSITIVE_INFINITY)).min(last);
        return largest.gt(smallest);
    }
}
