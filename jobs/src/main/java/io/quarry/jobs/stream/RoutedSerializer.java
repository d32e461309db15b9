package io.quarry.jobs.stream;

import io.quarry.connectors.kafka.BarJson;
import io.quarry.connectors.kafka.StreamBar;
import java.io.IOException;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes a {@link Routed} bar between the fan-out and the alpha groups, by hand: every bar crosses that
 * boundary once per alpha group. Flink's record serializer wrote each field name of each bar as a
 * string and read it back through reflection; here a bar with the standard fields (the usual case)
 * writes them as one byte, and reads back the names array all such bars share.
 *
 * <p>Format: key (int), time, event time (long), symbol, the {@link BarJson#standardFieldSet} (a byte;
 * {@value #OTHER_FIELDS} for other fields, then their count and names), then one double per field.
 */
final class RoutedSerializer extends TypeSerializer<Routed> {

    private static final long serialVersionUID = 1L;
    private static final int OTHER_FIELDS = 0xff;

    /** The type information that makes Flink use this serializer. */
    static final TypeInformation<Routed> TYPE = new Info();

    @Override
    public boolean isImmutableType() {
        // Records whose arrays are never written to after construction.
        return true;
    }

    @Override
    public TypeSerializer<Routed> duplicate() {
        return this;
    }

    @Override
    public Routed createInstance() {
        return null;
    }

    @Override
    public Routed copy(Routed from) {
        return from;
    }

    @Override
    public Routed copy(Routed from, Routed reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(Routed routed, DataOutputView out) throws IOException {
        StreamBar bar = routed.bar();
        out.writeInt(routed.key());
        out.writeUTF(bar.time());
        out.writeLong(bar.eventTime());
        out.writeUTF(bar.symbol());
        int set = BarJson.standardFieldSet(bar.fields());
        if (set >= 0) {
            out.writeByte(set);
        } else {
            out.writeByte(OTHER_FIELDS);
            out.writeInt(bar.fields().length);
            for (String field : bar.fields()) {
                out.writeUTF(field);
            }
        }
        for (double v : bar.values()) {
            out.writeDouble(v);
        }
    }

    @Override
    public Routed deserialize(DataInputView in) throws IOException {
        int key = in.readInt();
        String time = in.readUTF();
        long eventTime = in.readLong();
        String symbol = in.readUTF();
        int set = in.readUnsignedByte();
        String[] fields;
        if (set == OTHER_FIELDS) {
            fields = new String[in.readInt()];
            for (int f = 0; f < fields.length; f++) {
                fields[f] = in.readUTF();
            }
        } else {
            fields = BarJson.standardFields(set);
        }
        double[] values = new double[fields.length];
        for (int f = 0; f < values.length; f++) {
            values[f] = in.readDouble();
        }
        return new Routed(key, new StreamBar(time, eventTime, symbol, fields, values));
    }

    @Override
    public Routed deserialize(Routed reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RoutedSerializer;
    }

    @Override
    public int hashCode() {
        return RoutedSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<Routed> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The serializer has no configuration: its snapshot is its class. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Routed> {

        /** For Flink, which reads the snapshot into an empty instance. */
        public Snapshot() {
            super(RoutedSerializer::new);
        }
    }

    private static final class Info extends TypeInformation<Routed> {

        private static final long serialVersionUID = 1L;

        @Override
        public boolean isBasicType() {
            return false;
        }

        @Override
        public boolean isTupleType() {
            return false;
        }

        @Override
        public int getArity() {
            return 1;
        }

        @Override
        public int getTotalFields() {
            return 1;
        }

        @Override
        public Class<Routed> getTypeClass() {
            return Routed.class;
        }

        @Override
        public boolean isKeyType() {
            return false;
        }

        @Override
        public TypeSerializer<Routed> createSerializer(SerializerConfig config) {
            return new RoutedSerializer();
        }

        @Override
        public String toString() {
            return "Routed";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Info;
        }

        @Override
        public int hashCode() {
            return Info.class.hashCode();
        }

        @Override
        public boolean canEqual(Object o) {
            return o instanceof Info;
        }
    }
}
