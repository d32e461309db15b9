package io.quarry.evaluator.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Average-tie ranks (1-based) along the last axis as NDArray operations, among a subset of the
 * values chosen by a mask: the values are sorted once ({@link #sort}), and the ranks of any subset
 * then come from a running count of the subset in sorted order ({@link #among}). So the label is
 * sorted once per call, not once per alpha, though its ranks depend on each alpha's pairs.
 */
final class AverageRanks {

    /** Position in sorted order -> index of the value (NaN sorts last, as in PyTorch). */
    private final NDArray order;
    /** Position in sorted order -> first position of its run of equal values. */
    private final NDArray first;
    /** Position in sorted order -> last position of its run of equal values. */
    private final NDArray last;

    private AverageRanks(NDArray order, NDArray first, NDArray last) {
        this.order = order;
        this.first = first;
        this.last = last;
    }

    /** Sorts {@code values} along the last axis; the arrays are owned by {@code owner}. */
    static AverageRanks sort(NDArray values, NDManager owner) {
        Shape shape = values.getShape();
        int axis = shape.dimension() - 1;
        long length = shape.get(axis);
        try (NDManager temp = owner.newSubManager()) {
            // Everything derived from inputs attached here is freed when this manager closes.
            values.tempAttach(temp);
            NDArray order = values.argSort(axis);
            NDArray ordered = values.gather(order, axis);
            // A run starts where the value differs from its left neighbour (NaN != NaN: every NaN
            // is a run of its own, and never counts).
            String leading = ":, ".repeat(axis);
            NDArray changes = ordered.get(new NDIndex(leading + "1:")).neq(ordered.get(new NDIndex(leading + ":-1")));
            NDArray edge = temp.ones(shape.slice(0, axis).add(1), DataType.BOOLEAN);
            NDArray starts = edge.concat(changes, axis);
            NDArray ends = changes.concat(edge, axis);
            NDArray run = starts.toType(DataType.INT64, false).cumSum(axis).sub(1);
            // Each run's first (last) position is scattered into its slot, then read back by every
            // member. Positions that neither start (end) a run write to a discarded extra slot.
            NDArray position = temp.arange(0, (int) length, 1, DataType.INT64).broadcast(shape);
            NDArray discard = temp.create(length);
            Shape slots = shape.slice(0, axis).add(length + 1);
            NDArray first = temp.zeros(slots, DataType.INT64)
                    .scatter(NDArrays.where(starts, run, discard), position, axis).gather(run, axis);
            NDArray last = temp.zeros(slots, DataType.INT64)
                    .scatter(NDArrays.where(ends, run, discard), position, axis).gather(run, axis);
            owner.attachAll(order, first, last);
            return new AverageRanks(order, first, last);
        }
    }

    /**
     * Ranks among the values where {@code mask} is true: in a run of equal values holding c of them
     * after b in sorted order, each gets {@code b + (c + 1) / 2}.
     *
     * @param mask a shape the sorted values broadcast to (leading axes may be added or expanded)
     * @return float64 of {@code mask}'s shape, owned by {@code owner}; unspecified where the mask is
     *     false
     */
    NDArray among(NDArray mask, NDManager owner) {
        Shape shape = mask.getShape();
        int axis = shape.dimension() - 1;
        try (NDManager temp = owner.newSubManager()) {
            temp.tempAttachAll(mask, order, first, last);
            NDArray positions = order.broadcast(shape);
            NDArray counted = mask.gather(positions, axis).toType(DataType.FLOAT64, false);
            NDArray through = counted.cumSum(axis);
            NDArray before = through.sub(counted).gather(first.broadcast(shape), axis);
            NDArray upToRunEnd = through.gather(last.broadcast(shape), axis);
            NDArray ranked = before.add(upToRunEnd).add(1).div(2);
            NDArray ranks = temp.zeros(shape, DataType.FLOAT64).scatter(positions, ranked, axis);
            ranks.attach(owner);
            return ranks;
        }
    }
}
