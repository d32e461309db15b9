package io.quarry.dsl.eval;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * What one node of the incremental evaluator's graph does at each step: computes its value for every
 * symbol of the universe from its inputs' values at the same step (and, for time-series operators,
 * from the per-symbol state it keeps). Stateless operations are shared values; stateful ones belong
 * to one node and are deep-copied with it.
 */
interface RowOp {

    /**
     * Writes {@code out[0, universe.size())} for the step at {@code row} (the step's index in the
     * stream: consecutive, starting at 0).
     */
    void step(double[][] in, double[] out, Universe universe, long row);

    /** Makes room for symbols below {@code capacity}; new symbols have an empty (all-missing) past. */
    default void grow(int capacity) {
    }

    /** Gives symbol {@code to} the past of symbol {@code from}. */
    default void copySymbol(int from, int to) {
    }

    /** An independent copy (the same object for stateless operations). */
    default RowOp copy() {
        return this;
    }

    /** Writes the state of symbols {@code [0, symbols)}. */
    default void write(DataOutput out, int symbols) throws IOException {
    }

    /** Reads what {@link #write} wrote; capacity for {@code symbols} is already there. */
    default void read(DataInput in, int symbols) throws IOException {
    }
}
