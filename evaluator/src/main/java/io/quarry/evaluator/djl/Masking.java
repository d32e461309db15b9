package io.quarry.evaluator.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;

/** Element selection by a mask, with the broadcasting DJL's {@code where} leaves out. */
final class Masking {

    private Masking() {
    }

    /**
     * {@code values} where {@code mask}, else {@code fill}. DJL's PyTorch {@code where} wants its first
     * branch in the mask's shape, so {@code values} is broadcast (a view, not a copy) first.
     */
    static NDArray select(NDArray mask, NDArray values, NDArray fill) {
        NDArray shaped = values.getShape().equals(mask.getShape()) ? values : values.broadcast(mask.getShape());
        return NDArrays.where(mask, shaped, fill);
    }
}
