package io.quarry.jobs.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.connectors.kafka.StreamBar;
import java.io.IOException;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** Bars reach the alpha groups as they left the fan-out, whatever their fields. */
class RoutedSerializerTest {

    private static Routed roundTrip(Routed routed) throws IOException {
        RoutedSerializer serializer = new RoutedSerializer();
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(routed, out);
        serializer.serialize(routed, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        Routed first = serializer.deserialize(in);
        Routed second = serializer.deserialize(in);
        assertThat(in.available()).isZero();
        assertSame(second, first);
        return first;
    }

    private static void assertSame(Routed actual, Routed expected) {
        assertThat(actual.key()).isEqualTo(expected.key());
        StreamBar a = actual.bar();
        StreamBar e = expected.bar();
        assertThat(a.time()).isEqualTo(e.time());
        assertThat(a.eventTime()).isEqualTo(e.eventTime());
        assertThat(a.symbol()).isEqualTo(e.symbol());
        assertThat(a.fields()).containsExactly(e.fields());
        assertThat(a.values()).containsExactly(e.values());
    }

    @Test
    void barsOfEveryKindOfFieldListComeBackEqual() throws IOException {
        String[][] fieldLists = {
            {"open", "high", "low", "close", "volume"},
            {"close"},
            {"high", "close", "volume"},
            {},
            {"close", "open"},
            {"open", "close", "cap"},
            {"close", "close"},
            {"\u00e9t\u00e9", "close"},
        };
        for (String[] fields : fieldLists) {
            double[] values = new double[fields.length];
            for (int i = 0; i < values.length; i++) {
                values[i] = i == 1 ? Double.NaN : 100.5 + i;
            }
            Routed routed = new Routed(-7, new StreamBar("2016-01-04T09:30:00", 1451899800000L, "BRK.B\u00e9", fields, values));
            assertSame(roundTrip(routed), routed);
        }
    }

    @Test
    void barsWithTheSameStandardFieldsShareTheirNames() throws IOException {
        Routed a = roundTrip(new Routed(1, new StreamBar("2016-01-04", 0, "A", new String[] {"open", "close"}, new double[] {1, 2})));
        Routed b = roundTrip(new Routed(1, new StreamBar("2016-01-04", 0, "B", new String[] {"open", "close"}, new double[] {3, 4})));
        assertThat(a.bar().fields()).isSameAs(b.bar().fields());
    }
}
