package io.quarry.jobs.stream;

import io.quarry.connectors.kafka.StreamBar;
import io.quarry.dsl.eval.IncrementalEvaluator;
import io.quarry.dsl.panel.Groups;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes a {@link GroupState} to checkpoints by hand (no Kryo): a format version, the evaluator's own
 * format ({@link IncrementalEvaluator#writeTo}), then the pending bars. Reading an evaluator needs the
 * sector table, so the serializer carries it and its snapshot stores it.
 */
final class GroupStateSerializer extends TypeSerializer<GroupState> {

    private static final long serialVersionUID = 1L;
    private static final int FORMAT = 1;

    private final Map<String, List<String>> groupTable;
    private final int groupLevels;
    private transient Groups groups;

    GroupStateSerializer(Map<String, List<String>> groupTable, int groupLevels) {
        this.groupTable = Map.copyOf(groupTable);
        this.groupLevels = groupLevels;
    }

    private Groups groups() {
        if (groups == null) {
            groups = groupLevels == 0 ? Groups.none() : new Groups(groupTable, groupLevels);
        }
        return groups;
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<GroupState> duplicate() {
        return new GroupStateSerializer(groupTable, groupLevels);
    }

    @Override
    public GroupState createInstance() {
        return null;
    }

    @Override
    public GroupState copy(GroupState from) {
        return from == null ? null : from.copy();
    }

    @Override
    public GroupState copy(GroupState from, GroupState reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(GroupState state, DataOutputView out) throws IOException {
        out.writeInt(FORMAT);
        state.evaluator.writeTo(out);
        out.writeInt(state.pending.size());
        for (Map.Entry<Long, Map<String, StreamBar>> e : state.pending.entrySet()) {
            out.writeLong(e.getKey());
            out.writeInt(e.getValue().size());
            for (StreamBar bar : e.getValue().values()) {
                out.writeUTF(bar.time());
                out.writeLong(bar.eventTime());
                out.writeUTF(bar.symbol());
                out.writeInt(bar.fields().length);
                for (int f = 0; f < bar.fields().length; f++) {
                    out.writeUTF(bar.fields()[f]);
                    out.writeDouble(bar.values()[f]);
                }
            }
        }
    }

    @Override
    public GroupState deserialize(DataInputView in) throws IOException {
        int format = in.readInt();
        if (format != FORMAT) {
            throw new IOException("alpha group state in format " + format + "; this version reads format " + FORMAT);
        }
        IncrementalEvaluator evaluator = IncrementalEvaluator.readFrom(in, groups());
        TreeMap<Long, Map<String, StreamBar>> pending = new TreeMap<>();
        int times = in.readInt();
        for (int t = 0; t < times; t++) {
            long time = in.readLong();
            int n = in.readInt();
            Map<String, StreamBar> bars = new LinkedHashMap<>();
            for (int b = 0; b < n; b++) {
                String text = in.readUTF();
                long eventTime = in.readLong();
                String symbol = in.readUTF();
                int fields = in.readInt();
                String[] names = new String[fields];
                double[] values = new double[fields];
                for (int f = 0; f < fields; f++) {
                    names[f] = in.readUTF();
                    values[f] = in.readDouble();
                }
                bars.put(symbol, new StreamBar(text, eventTime, symbol, names, values));
            }
            pending.put(time, bars);
        }
        return new GroupState(evaluator, pending);
    }

    @Override
    public GroupState deserialize(GroupState reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof GroupStateSerializer other && other.groupLevels == groupLevels
                && other.groupTable.equals(groupTable);
    }

    @Override
    public int hashCode() {
        return Objects.hash(groupTable, groupLevels);
    }

    @Override
    public TypeSerializerSnapshot<GroupState> snapshotConfiguration() {
        return new Snapshot(groupTable, groupLevels);
    }

    /** Restores the serializer from a checkpoint: version 1 stores the sector table. */
    public static final class Snapshot implements TypeSerializerSnapshot<GroupState> {

        private static final int VERSION = 1;

        private Map<String, List<String>> groupTable;
        private int groupLevels;

        /** For Flink, which reads the snapshot into an empty instance. */
        public Snapshot() {
        }

        Snapshot(Map<String, List<String>> groupTable, int groupLevels) {
            this.groupTable = groupTable;
            this.groupLevels = groupLevels;
        }

        @Override
        public int getCurrentVersion() {
            return VERSION;
        }

        @Override
        public void writeSnapshot(DataOutputView out) throws IOException {
            out.writeInt(groupLevels);
            out.writeInt(groupTable.size());
            for (Map.Entry<String, List<String>> e : groupTable.entrySet()) {
                out.writeUTF(e.getKey());
                for (String level : e.getValue()) {
                    out.writeUTF(level);
                }
            }
        }

        @Override
        public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader) throws IOException {
            if (readVersion != VERSION) {
                throw new IOException("alpha group serializer snapshot version " + readVersion
                        + "; this version reads " + VERSION);
            }
            groupLevels = in.readInt();
            int n = in.readInt();
            Map<String, List<String>> table = new HashMap<>();
            for (int i = 0; i < n; i++) {
                String symbol = in.readUTF();
                List<String> levels = new ArrayList<>(groupLevels);
                for (int l = 0; l < groupLevels; l++) {
                    levels.add(in.readUTF());
                }
                table.put(symbol, levels);
            }
            groupTable = table;
        }

        @Override
        public TypeSerializer<GroupState> restoreSerializer() {
            return new GroupStateSerializer(groupTable, groupLevels);
        }

        @Override
        public TypeSerializerSchemaCompatibility<GroupState> resolveSchemaCompatibility(
                TypeSerializerSnapshot<GroupState> oldSnapshot) {
            return oldSnapshot instanceof Snapshot ? TypeSerializerSchemaCompatibility.compatibleAsIs()
                    : TypeSerializerSchemaCompatibility.incompatible();
        }
    }
}
