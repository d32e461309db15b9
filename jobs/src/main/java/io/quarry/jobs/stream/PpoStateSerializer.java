package io.quarry.jobs.stream;

import io.quarry.evaluator.weighting.WeightingSpec;
import io.quarry.evaluator.weighting.WeightingState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes a {@link PpoState} to checkpoints by hand (no Kryo): a format version, the model's environment,
 * the universe, whether the stage is paused, then the {@link WeightingState.Parts}: the weights, the kept
 * observations (per alpha IC and long-short return, the market return) and, after the first cross-section,
 * per alpha the z-scores and per symbol the closes. The state is immutable, so copies are the state itself.
 */
final class PpoStateSerializer extends TypeSerializer<PpoState> {

    private static final long serialVersionUID = 1L;
    private static final int FORMAT = 1;

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public TypeSerializer<PpoState> duplicate() {
        return this;
    }

    @Override
    public PpoState createInstance() {
        return null;
    }

    @Override
    public PpoState copy(PpoState from) {
        return from;
    }

    @Override
    public PpoState copy(PpoState from, PpoState reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(PpoState s, DataOutputView out) throws IOException {
        out.writeInt(FORMAT);
        WeightingSpec spec = s.spec();
        out.writeUTF(spec.mode().label());
        out.writeBoolean(spec.symbol() != null);
        if (spec.symbol() != null) {
            out.writeUTF(spec.symbol());
        }
        out.writeInt(spec.quantiles());
        out.writeDouble(spec.buyCost());
        out.writeDouble(spec.sellCost());
        out.writeInt(s.symbols().size());
        for (String symbol : s.symbols()) {
            out.writeUTF(symbol);
        }
        out.writeBoolean(s.paused());
        WeightingState.Parts parts = s.state().parts();
        int k = parts.weights().length;
        out.writeInt(k);
        writeDoubles(out, parts.weights());
        out.writeInt(parts.market().length);
        for (int i = 0; i < parts.market().length; i++) {
            writeDoubles(out, parts.ic().get(i));
            writeDoubles(out, parts.longShort().get(i));
            out.writeDouble(parts.market()[i]);
        }
        out.writeBoolean(parts.close() != null);
        if (parts.close() != null) {
            for (double[] z : parts.z()) {
                writeDoubles(out, z);
            }
            writeDoubles(out, parts.close());
        }
    }

    @Override
    public PpoState deserialize(DataInputView in) throws IOException {
        int format = in.readInt();
        if (format != FORMAT) {
            throw new IOException("PPO weighting state in format " + format + "; this version reads format " + FORMAT);
        }
        WeightingSpec.Mode mode = WeightingSpec.Mode.of(in.readUTF());
        String symbol = in.readBoolean() ? in.readUTF() : null;
        WeightingSpec spec = new WeightingSpec(mode, symbol, in.readInt(), in.readDouble(), in.readDouble());
        int n = in.readInt();
        List<String> symbols = new ArrayList<>(n);
        for (int s = 0; s < n; s++) {
            symbols.add(in.readUTF());
        }
        boolean paused = in.readBoolean();
        int k = in.readInt();
        double[] weights = readDoubles(in, k);
        int kept = in.readInt();
        List<double[]> ic = new ArrayList<>(kept);
        List<double[]> longShort = new ArrayList<>(kept);
        double[] market = new double[kept];
        for (int i = 0; i < kept; i++) {
            ic.add(readDoubles(in, k));
            longShort.add(readDoubles(in, k));
            market[i] = in.readDouble();
        }
        double[][] z = null;
        double[] close = null;
        if (in.readBoolean()) {
            z = new double[k][];
            for (int a = 0; a < k; a++) {
                z[a] = readDoubles(in, n);
            }
            close = readDoubles(in, n);
        }
        WeightingState.Parts parts = new WeightingState.Parts(ic, longShort, market, z, close, weights);
        try {
            return new PpoState(spec, symbols, WeightingState.restore(spec, symbols, parts), paused);
        } catch (IllegalArgumentException e) {
            throw new IOException("PPO weighting state does not restore: " + e.getMessage(), e);
        }
    }

    @Override
    public PpoState deserialize(PpoState reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    private static void writeDoubles(DataOutputView out, double[] x) throws IOException {
        for (double v : x) {
            out.writeDouble(v);
        }
    }

    private static double[] readDoubles(DataInputView in, int n) throws IOException {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = in.readDouble();
        }
        return x;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PpoStateSerializer;
    }

    @Override
    public int hashCode() {
        return PpoStateSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<PpoState> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The serializer has no configuration: its snapshot is its class. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<PpoState> {

        /** For Flink, which reads the snapshot into an empty instance. */
        public Snapshot() {
            super(PpoStateSerializer::new);
        }
    }
}
