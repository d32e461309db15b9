package io.quarry.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Values records carry doubles exactly: whatever the writer prints, the reader gets the same bits
 * back, for every finite double (the streamed values must equal batch to the last bit), and NaN
 * for the non-finite ones (null on the wire); and the record writer writes the bytes a JSON generator
 * writes for the same record.
 */
class ValuesJsonPropertyTest {

    @Provide
    Arbitrary<double[]> anyDoubles() {
        // Random bit patterns reach every exponent, subnormals, and both infinities and NaNs.
        Arbitrary<Double> fromBits = Arbitraries.longs().map(Double::longBitsToDouble);
        Arbitrary<Double> typical = Arbitraries.doubles().between(-1e4, 1e4);
        Arbitrary<Double> edges = Arbitraries.of(0.0, -0.0, Double.MIN_VALUE, Double.MAX_VALUE, -Double.MIN_NORMAL,
                0.1 + 0.2, 1e23, 2e-3, 9007199254740993.0, Double.NaN, Double.POSITIVE_INFINITY);
        return Arbitraries.oneOf(fromBits, typical, edges).array(double[].class).ofMinSize(1).ofMaxSize(40);
    }

    @Property(tries = 2000)
    void everyFiniteValueReadsBackBitForBit(@ForAll("anyDoubles") double[] values) {
        String[] names = new String[values.length];
        for (int i = 0; i < names.length; i++) {
            names[i] = "a" + i;
        }
        StreamJson.Values back = StreamJson.values(StreamJson.values(
                new StreamJson.Values("2016-01-04", "AAPL", names, values)));
        assertThat(back.alphas()).containsExactly(names);
        for (int i = 0; i < values.length; i++) {
            if (Double.isFinite(values[i])) {
                assertThat(Double.doubleToRawLongBits(back.values()[i])).as("value %s", values[i])
                        .isEqualTo(Double.doubleToRawLongBits(values[i]));
            } else {
                assertThat(back.values()[i]).isNaN();
            }
        }
    }

    @Provide
    Arbitrary<String> anyText() {
        // Plain names and symbols, and text that needs escaping: quotes, backslashes, control
        // characters, non-ASCII letters and a character outside the BMP.
        Arbitrary<String> plain = Arbitraries.strings().withCharRange('a', 'z').withChars('_', '.', '0', '9')
                .ofMinLength(1).ofMaxLength(12);
        Arbitrary<String> odd = Arbitraries.strings().withChars('"', '\\', '\n', '\u0001', '\u007f', 'é', '€', '/')
                .withCharRange('A', 'C').ofMinLength(0).ofMaxLength(8);
        return Arbitraries.oneOf(plain, odd, Arbitraries.of("\uD83D\uDE00", "BRK.B", ""));
    }

    /**
     * Several records through one writer, as the job sends them: the time changes now and then, the
     * name list is replaced, symbols repeat; each record's bytes equal a JSON generator's.
     */
    @Property(tries = 300)
    void theRecordWriterWritesWhatAGeneratorWrites(@ForAll("anyText") String symbol, @ForAll("anyText") String other,
                                                   @ForAll("anyText") String name, @ForAll("anyDoubles") double[] values)
            throws IOException {
        StreamJson.ValuesWriter writer = new StreamJson.ValuesWriter();
        String[] names = new String[values.length];
        for (int i = 0; i < names.length; i++) {
            names[i] = i % 3 == 0 ? name + i : "a" + i;
        }
        String[] renamed = names.clone();
        renamed[0] = other;
        for (String time : List.of("2016-01-04", "2016-01-04", "2016-01-05T09:30:00Z", other)) {
            for (String s : List.of(symbol, other, symbol)) {
                for (String[] alphas : List.of(names, renamed)) {
                    assertThat(new String(writer.write(time, s, alphas, values, 0, 1), "UTF-8"))
                            .isEqualTo(new String(generated(time, s, alphas, values), "UTF-8"));
                }
            }
        }
    }

    @Property(tries = 200)
    void theRecordWriterReadsValuesAtAStride(@ForAll("anyDoubles") double[] values) throws IOException {
        // Alpha i of symbol 1 among 2 symbols: values[1 + 2 * i].
        int alphas = values.length / 2;
        String[] names = new String[alphas];
        double[] picked = new double[alphas];
        for (int i = 0; i < alphas; i++) {
            names[i] = "a" + i;
            picked[i] = values[1 + 2 * i];
        }
        assertThat(new StreamJson.ValuesWriter().write("t", "S", names, values, 1, 2))
                .isEqualTo(generated("t", "S", names, picked));
    }

    @Test
    void numbersThatRepeatOrShareACacheSlotAreWrittenExactly() throws IOException {
        // 200,000 values, far more than the writer's number cache holds, so slots are shared and
        // overwritten; ranks k/499 repeat across records as they do across alphas.
        SplittableRandom random = new SplittableRandom(11);
        StreamJson.ValuesWriter writer = new StreamJson.ValuesWriter();
        String[] names = {"a", "b", "c", "d"};
        for (int record = 0; record < 50_000; record++) {
            double[] values = {random.nextInt(1, 500) / 499.0, random.nextGaussian() * 1e-3,
                    Double.longBitsToDouble(random.nextLong() >>> 2), -random.nextInt(1, 500) / 499.0};
            assertThat(writer.write("2016-01-04", "S", names, values, 0, 1))
                    .isEqualTo(generated("2016-01-04", "S", names, values));
        }
    }

    /** The record as a JSON generator writes it (Jackson, its fast double writer): the reference. */
    private static byte[] generated(String time, String symbol, String[] alphas, double[] values) throws IOException {
        JsonFactory factory = JsonFactory.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = factory.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("v", 1);
            g.writeStringField("time", time);
            g.writeStringField("symbol", symbol);
            g.writeObjectFieldStart("values");
            for (int i = 0; i < alphas.length; i++) {
                if (Double.isFinite(values[i])) {
                    g.writeNumberField(alphas[i], values[i]);
                } else {
                    g.writeNullField(alphas[i]);
                }
            }
            g.writeEndObject();
            g.writeEndObject();
        }
        return out.toByteArray();
    }
}
