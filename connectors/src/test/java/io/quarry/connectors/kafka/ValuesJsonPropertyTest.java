package io.quarry.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Values records carry doubles exactly: whatever the writer prints, the reader gets the same bits
 * back, for every finite double (the streamed values must equal batch to the last bit), and NaN
 * for the non-finite ones (null on the wire).
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
}
