package io.quarry.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The wire formats: what is accepted, what is refused and why, and that writing then reading is exact. */
class BarJsonTest {

    private static StreamBar decode(String json) throws RejectedRecord {
        return BarJson.decode(json.getBytes(StandardCharsets.UTF_8));
    }

    private static RejectedRecord.Reason reasonOf(String json) {
        try {
            decode(json);
        } catch (RejectedRecord e) {
            return e.reason();
        }
        throw new AssertionError("accepted: " + json);
    }

    @Test
    void barsRoundTripExactlyWithNaNAsNull() throws RejectedRecord {
        String[] fields = {"open", "high", "low", "close", "volume", "cap"};
        double[] values = {0.1 + 0.2, 105.37, Double.NaN, 1e-7, 67649387, 5.8e11};
        byte[] wire = BarJson.encode("2016-01-04", "AAPL", fields, values);
        assertThat(new String(wire, StandardCharsets.UTF_8)).contains("\"low\":null").contains("\"fields\":{\"cap\":");
        StreamBar bar = BarJson.decode(wire);
        assertThat(bar.time()).isEqualTo("2016-01-04");
        assertThat(bar.eventTime()).isEqualTo(1451865600000L);
        assertThat(bar.symbol()).isEqualTo("AAPL");
        assertThat(bar.fields()).containsExactly(fields);
        assertThat(bar.values()).containsExactly(values);
    }

    @Test
    void dateTimesAreUtcAndCanonical() throws RejectedRecord {
        StreamBar bar = decode("{\"v\":1,\"time\":\"2016-01-04 09:30\",\"symbol\":\"A\",\"close\":1}");
        assertThat(bar.time()).isEqualTo("2016-01-04T09:30:00");
        assertThat(bar.eventTime()).isEqualTo(1451865600000L + (9 * 60 + 30) * 60_000L);
        assertThat(bar.fields()).containsExactly("close");
    }

    @Test
    void everyKindOfBadRecordIsRefusedWithItsReason() {
        assertThat(reasonOf("not json")).isEqualTo(RejectedRecord.Reason.UNPARSEABLE);
        assertThat(reasonOf("[1,2]")).isEqualTo(RejectedRecord.Reason.UNPARSEABLE);
        assertThat(reasonOf("{\"v\":1,\"time\":\"2016-01-04\",\"symbol\":\"A\",\"close\":1} trailing"))
                .isEqualTo(RejectedRecord.Reason.UNPARSEABLE);
        assertThat(reasonOf("{\"v\":2,\"time\":\"2016-01-04\",\"symbol\":\"A\",\"close\":1}"))
                .isEqualTo(RejectedRecord.Reason.UNPARSEABLE);
        assertThat(reasonOf("{\"v\":1,\"time\":\"yesterday\",\"symbol\":\"A\",\"close\":1}"))
                .isEqualTo(RejectedRecord.Reason.UNPARSEABLE);
        assertThat(reasonOf("{\"v\":1,\"time\":\"2016-01-04\",\"symbol\":\"A\",\"close\":\"1\"}"))
                .isEqualTo(RejectedRecord.Reason.UNPARSEABLE);
        assertThat(reasonOf("{\"v\":1,\"time\":\"2016-01-04\",\"symbol\":\"A\",\"close\":1,\"close\":2}"))
                .isEqualTo(RejectedRecord.Reason.UNPARSEABLE);
        assertThat(reasonOf("{\"v\":1,\"time\":\"2016-01-04\",\"symbol\":\"A\",\"close\":1,\"clsoe\":2}"))
                .isEqualTo(RejectedRecord.Reason.UNKNOWN_FIELD);
        assertThat(reasonOf("{\"v\":1,\"time\":\"2016-01-04\",\"symbol\":\"A\"}"))
                .isEqualTo(RejectedRecord.Reason.MISSING_FIELD);
        assertThat(reasonOf("{\"time\":\"2016-01-04\",\"symbol\":\"A\",\"close\":1}"))
                .isEqualTo(RejectedRecord.Reason.MISSING_FIELD);
        assertThat(reasonOf("{\"v\":1,\"time\":\"2016-01-04\",\"symbol\":\"A\",\"close\":null}"))
                .isEqualTo(RejectedRecord.Reason.BAD_VALUE);
        assertThat(reasonOf("{\"v\":1,\"time\":\"2016-01-04\",\"symbol\":\"A\",\"close\":0}"))
                .isEqualTo(RejectedRecord.Reason.BAD_VALUE);
        assertThat(reasonOf("{\"v\":1,\"time\":\"2016-01-04\",\"symbol\":\"A\",\"close\":5,\"low\":-1}"))
                .isEqualTo(RejectedRecord.Reason.BAD_VALUE);
        assertThat(reasonOf("{\"v\":1,\"time\":\"2016-01-04\",\"symbol\":\"A\",\"close\":5,\"volume\":-3}"))
                .isEqualTo(RejectedRecord.Reason.BAD_VALUE);
    }

    @Test
    void messagesNameTheField() {
        assertThatThrownBy(() -> decode("{\"v\":1,\"time\":\"2016-01-04\",\"symbol\":\"A\",\"close\":1,\"clsoe\":2}"))
                .hasMessageContaining("unknown field 'clsoe'");
        assertThatThrownBy(() -> decode("{\"v\":1,\"time\":\"2016-01-04\",\"symbol\":\"A\",\"close\":5,\"high\":-1}"))
                .hasMessage("high -1.0 is not a positive price");
    }

    @Test
    void otherMessagesRoundTrip() {
        StreamJson.Values v = StreamJson.values(StreamJson.values(new StreamJson.Values("2016-01-04", "A",
                new String[] {"a1", "a2"}, new double[] {Math.PI, Double.NaN})));
        assertThat(v.alphas()).containsExactly("a1", "a2");
        assertThat(v.values()[0]).isEqualTo(Math.PI);
        assertThat(v.values()[1]).isNaN();

        StreamJson.Control add = new StreamJson.Control("add", "m.alpha", "alpha a = rank(close)", List.of());
        assertThat(StreamJson.control(StreamJson.control(add))).isEqualTo(add);
        StreamJson.Control remove = new StreamJson.Control("remove", "cli", null, List.of("a", "b"));
        assertThat(StreamJson.control(StreamJson.control(remove))).isEqualTo(remove);
        assertThatThrownBy(() -> StreamJson.control("{\"v\":1,\"op\":\"drop\"}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("unknown op 'drop'");

        StreamJson.Status status = new StreamJson.Status("m.alpha", "rejected", List.of(), List.of("m.alpha:1:5: oops"));
        assertThat(StreamJson.status(StreamJson.status(status))).isEqualTo(status);
        StreamJson.DeadLetter dead = new StreamJson.DeadLetter("LATE", "late", "bars", 1, 42, "{\"x\":\"\\u00e9\"}");
        assertThat(StreamJson.deadLetter(StreamJson.deadLetter(dead))).isEqualTo(dead);
        StreamJson.Ic ic = new StreamJson.Ic("2016-01-05", "a1", 0.125, Double.NaN, 20, 0);
        StreamJson.Ic back = StreamJson.ic(StreamJson.ic(ic));
        assertThat(back.ic()).isEqualTo(0.125);
        assertThat(back.liveIc()).isNaN();
        assertThat(back.window()).isEqualTo(20);
    }
}
