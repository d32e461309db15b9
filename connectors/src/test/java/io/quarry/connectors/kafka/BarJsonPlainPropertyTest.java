package io.quarry.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * {@link BarJson#decode} reads plain records token by token and everything else through a map: on any
 * record, the two readings give the same bar, or refuse it for the same reason with the same message.
 */
class BarJsonPlainPropertyTest {

    private static final String[] TIMES = {"\"2016-01-04\"", "\"2016-02-29\"", "\"2015-02-29\"", "\"2016-13-01\"",
        "\"2016-1-04\"", "\"2016-01-04 09:30\"", "\"2016-01-04T09:30:00\"", "\"yesterday\"", "\"0000-01-01\"",
        "\"2016-01-0x\"", "20160104", "null"};
    private static final String[] SYMBOLS = {"\"AAPL\"", "\"\"", "\"BRK.B\"", "\"\\u00e9\"", "7", "null"};
    private static final String[] NUMBERS = {"105.35", "1", "0", "-1", "1e-7", "67649387", "null", "\"1\"", "true",
        "0.30000000000000004", "1.7976931348623157E308", "[1]"};
    private static final String[] VERSIONS = {"1", "1.0", "2", "\"1\"", "null"};

    /** Outcome of a reading: the bar's content, or the refusal. */
    private static String outcome(byte[] record, boolean plainFirst) {
        try {
            StreamBar bar = plainFirst ? BarJson.decode(record) : BarJson.decodeAny(record);
            StringBuilder out = new StringBuilder(bar.time() + " " + bar.eventTime() + " " + bar.symbol());
            for (int i = 0; i < bar.fields().length; i++) {
                out.append(' ').append(bar.fields()[i]).append('=')
                        .append(Long.toHexString(Double.doubleToRawLongBits(bar.values()[i])));
            }
            return out.toString();
        } catch (RejectedRecord e) {
            return e.reason() + ": " + e.getMessage();
        }
    }

    private static String pick(Random random, String[] options) {
        return options[random.nextInt(options.length)];
    }

    /** A record that is plain most of the time, with one of the ways to be otherwise now and then. */
    private static String record(Random random) {
        List<String> members = new ArrayList<>();
        if (random.nextInt(10) > 0) {
            members.add("\"v\":" + (random.nextInt(4) > 0 ? "1" : pick(random, VERSIONS)));
        }
        if (random.nextInt(10) > 0) {
            members.add("\"time\":" + (random.nextInt(3) > 0 ? "\"2016-01-04\"" : pick(random, TIMES)));
        }
        if (random.nextInt(10) > 0) {
            members.add("\"symbol\":" + (random.nextInt(3) > 0 ? "\"AAPL\"" : pick(random, SYMBOLS)));
        }
        for (String field : BarJson.STANDARD) {
            if (random.nextInt(4) > 0) {
                members.add("\"" + field + "\":" + (random.nextInt(3) > 0 ? random.nextInt(1000) + 1 + "." + random.nextInt(100)
                        : pick(random, NUMBERS)));
            }
        }
        switch (random.nextInt(12)) {
            case 0 -> members.add("\"fields\":{\"cap\":" + pick(random, NUMBERS) + "}");
            case 1 -> members.add("\"clsoe\":1");
            case 2 -> members.add("\"close\":2");
            case 3 -> members.add("\"fields\":3");
            default -> { }
        }
        Collections.shuffle(members, random);
        String text = "{" + String.join(",", members) + "}";
        return switch (random.nextInt(20)) {
            case 0 -> text + " x";
            case 1 -> text.substring(0, text.length() / 2);
            case 2 -> "[" + text + "]";
            default -> text;
        };
    }

    @Property(tries = 3000)
    void bothReadingsAgreeOnAnyRecord(@ForAll Random random) {
        byte[] record = record(random).getBytes(StandardCharsets.UTF_8);
        assertThat(outcome(record, true)).as(new String(record, StandardCharsets.UTF_8))
                .isEqualTo(outcome(record, false));
    }

    @Property(tries = 300)
    void plainRecordsAreReadTokenByToken(@ForAll Random random) throws RejectedRecord {
        String[] fields = {"open", "high", "low", "close", "volume"};
        double[] values = new double[fields.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextInt(5) == 0 && i != 3 ? Double.NaN : 1 + random.nextDouble() * 1000;
        }
        byte[] record = BarJson.encode("2016-01-04", "S" + random.nextInt(500), fields, values);
        StreamBar plain = BarJson.decodePlain(record);
        assertThat(plain).as("the plain reading takes what the replay writes").isNotNull();
        assertThat(plain.values()).containsExactly(values);
        assertThat(plain.eventTime()).isEqualTo(1451865600000L);
    }

    /** The record as a JSON generator writes it (Jackson, its fast double writer): the reference. */
    private static byte[] generated(String time, String symbol, String[] fields, double[] values) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JsonFactory.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build()
                .createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("v", 1);
            g.writeStringField("time", time);
            g.writeStringField("symbol", symbol);
            for (int pass = 0; pass < 2; pass++) {
                boolean extras = pass == 1;
                boolean opened = false;
                for (int i = 0; i < fields.length; i++) {
                    if (BarJson.STANDARD.contains(fields[i]) == extras) {
                        continue;
                    }
                    if (extras && !opened) {
                        g.writeObjectFieldStart("fields");
                        opened = true;
                    }
                    if (Double.isFinite(values[i])) {
                        g.writeNumberField(fields[i], values[i]);
                    } else {
                        g.writeNullField(fields[i]);
                    }
                }
                if (opened) {
                    g.writeEndObject();
                }
            }
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    @Property(tries = 1000)
    void encodeWritesWhatAGeneratorWrites(@ForAll Random random, @ForAll String symbol) throws IOException {
        List<String> names = new ArrayList<>(List.of("open", "high", "low", "close", "volume", "cap", "x\"y", "\u00e9t\u00e9"));
        Collections.shuffle(names, random);
        String[] fields = names.subList(0, random.nextInt(names.size() + 1)).toArray(String[]::new);
        double[] values = new double[fields.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = switch (random.nextInt(4)) {
                case 0 -> Double.NaN;
                case 1 -> Double.longBitsToDouble(random.nextLong());
                default -> random.nextInt(100_000) / 100.0;
            };
        }
        String time = random.nextBoolean() ? "2016-01-04" : "2016-01-04T09:30:00";
        assertThat(BarJson.encode(time, symbol, fields, values)).isEqualTo(generated(time, symbol, fields, values));
    }
}
