package io.quarry.dsl.eval;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Per-symbol state of a time-series node, kept in flat slabs: slab {@code k} holds
 * {@code stride[k]} values per symbol, symbol {@code s} at {@code [s * stride, (s + 1) * stride)}.
 * Growth, copies, per-symbol copies and serialization are handled here once for every operator; the
 * operators read the slabs into locals at the start of each step (growth replaces the arrays).
 */
abstract class SymbolState implements RowOp {

    /** Bytes converted at a time when writing or reading a state. */
    private static final int CHUNK = 1 << 16;

    private final int[] doubleStrides;
    private final double[] doubleFills;
    private final int[] intStrides;
    /** The double slabs: {@code doubles[k]} holds {@code doubleStrides[k]} values per symbol. */
    double[][] doubles;
    /** The int slabs (initially 0). */
    int[][] ints;
    private int capacity;

    /**
     * @param doubleStrides values per symbol of each double slab
     * @param doubleFills   the value of each double slab for a symbol with an empty past
     * @param intStrides    values per symbol of each int slab (a new symbol has zeros)
     */
    SymbolState(int[] doubleStrides, double[] doubleFills, int[] intStrides) {
        this.doubleStrides = doubleStrides;
        this.doubleFills = doubleFills;
        this.intStrides = intStrides;
        this.doubles = new double[doubleStrides.length][0];
        this.ints = new int[intStrides.length][0];
    }

    /** A deep copy of {@code other}'s slabs. */
    SymbolState(SymbolState other) {
        this.doubleStrides = other.doubleStrides;
        this.doubleFills = other.doubleFills;
        this.intStrides = other.intStrides;
        this.capacity = other.capacity;
        this.doubles = new double[other.doubles.length][];
        for (int k = 0; k < doubles.length; k++) {
            doubles[k] = other.doubles[k].clone();
        }
        this.ints = new int[other.ints.length][];
        for (int k = 0; k < ints.length; k++) {
            ints[k] = other.ints[k].clone();
        }
    }

    @Override
    public final void grow(int newCapacity) {
        if (newCapacity <= capacity) {
            return;
        }
        for (int k = 0; k < doubles.length; k++) {
            int stride = doubleStrides[k];
            doubles[k] = Arrays.copyOf(doubles[k], newCapacity * stride);
            Arrays.fill(doubles[k], capacity * stride, newCapacity * stride, doubleFills[k]);
        }
        for (int k = 0; k < ints.length; k++) {
            ints[k] = Arrays.copyOf(ints[k], newCapacity * intStrides[k]);
        }
        capacity = newCapacity;
    }

    @Override
    public final void copySymbol(int from, int to) {
        for (int k = 0; k < doubles.length; k++) {
            int stride = doubleStrides[k];
            System.arraycopy(doubles[k], from * stride, doubles[k], to * stride, stride);
        }
        for (int k = 0; k < ints.length; k++) {
            int stride = intStrides[k];
            System.arraycopy(ints[k], from * stride, ints[k], to * stride, stride);
        }
    }

    @Override
    public final void write(DataOutput out, int symbols) throws IOException {
        // Bulk, in the big-endian encoding of DataOutput.writeDouble/writeInt: one call per chunk,
        // not per value (a WQ101 state holds millions of values).
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
        for (int k = 0; k < doubles.length; k++) {
            double[] slab = doubles[k];
            int n = symbols * doubleStrides[k];
            for (int i = 0; i < n; i += CHUNK / Double.BYTES) {
                int m = Math.min(CHUNK / Double.BYTES, n - i);
                chunk.clear();
                chunk.asDoubleBuffer().put(slab, i, m);
                out.write(chunk.array(), 0, m * Double.BYTES);
            }
        }
        for (int k = 0; k < ints.length; k++) {
            int[] slab = ints[k];
            int n = symbols * intStrides[k];
            for (int i = 0; i < n; i += CHUNK / Integer.BYTES) {
                int m = Math.min(CHUNK / Integer.BYTES, n - i);
                chunk.clear();
                chunk.asIntBuffer().put(slab, i, m);
                out.write(chunk.array(), 0, m * Integer.BYTES);
            }
        }
    }

    @Override
    public final void read(DataInput in, int symbols) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK);
        for (int k = 0; k < doubles.length; k++) {
            double[] slab = doubles[k];
            int n = symbols * doubleStrides[k];
            for (int i = 0; i < n; i += CHUNK / Double.BYTES) {
                int m = Math.min(CHUNK / Double.BYTES, n - i);
                in.readFully(chunk.array(), 0, m * Double.BYTES);
                chunk.clear();
                chunk.asDoubleBuffer().get(slab, i, m);
            }
        }
        for (int k = 0; k < ints.length; k++) {
            int[] slab = ints[k];
            int n = symbols * intStrides[k];
            for (int i = 0; i < n; i += CHUNK / Integer.BYTES) {
                int m = Math.min(CHUNK / Integer.BYTES, n - i);
                in.readFully(chunk.array(), 0, m * Integer.BYTES);
                chunk.clear();
                chunk.asIntBuffer().get(slab, i, m);
            }
        }
    }
}
