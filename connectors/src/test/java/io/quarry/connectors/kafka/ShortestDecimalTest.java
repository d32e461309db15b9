package io.quarry.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.io.NumberOutput;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The text must read back as exactly the double, and be the text Jackson's JSON generator writes (an
 * independent implementation of the same rule: Java 19's {@code Double.toString}).
 */
class ShortestDecimalTest {

    private static String text(double v) {
        byte[] out = new byte[ShortestDecimal.MAX_LENGTH + 3];
        int end = ShortestDecimal.write(v, out, 3);
        return new String(out, 3, end - 3, StandardCharsets.US_ASCII);
    }

    private static void check(double v) {
        String text = text(v);
        String where = v + " (bits " + Long.toHexString(Double.doubleToRawLongBits(v)) + ")";
        assertThat(Double.doubleToRawLongBits(Double.parseDouble(text))).as(where + " read back from " + text)
                .isEqualTo(Double.doubleToRawLongBits(v));
        assertThat(text).as(where).isEqualTo(NumberOutput.toString(v, true));
        assertThat(text.length()).as(where).isLessThanOrEqualTo(ShortestDecimal.MAX_LENGTH);
    }

    @Test
    void writesTheShortestTextInJavasForm() {
        assertThat(text(0.1)).isEqualTo("0.1");
        assertThat(text(1)).isEqualTo("1.0");
        assertThat(text(-1.5)).isEqualTo("-1.5");
        assertThat(text(100)).isEqualTo("100.0");
        assertThat(text(1234567)).isEqualTo("1234567.0");
        assertThat(text(1e7)).isEqualTo("1.0E7");
        assertThat(text(12345678.9)).isEqualTo("1.23456789E7");
        assertThat(text(0.001)).isEqualTo("0.001");
        // Java before 19 wrote "0.0020": one digit more than needed
        assertThat(text(0.002)).isEqualTo("0.002");
        assertThat(text(9.99e-4)).isEqualTo("9.99E-4");
        assertThat(text(1.0 / 3)).isEqualTo("0.3333333333333333");
        assertThat(text(2.0 / 3)).isEqualTo("0.6666666666666666");
        assertThat(text(1e23)).isEqualTo("1.0E23");
        assertThat(text(0.0)).isEqualTo("0.0");
        assertThat(text(-0.0)).isEqualTo("-0.0");
        assertThat(text(Double.MAX_VALUE)).isEqualTo("1.7976931348623157E308");
        assertThat(text(Double.MIN_NORMAL)).isEqualTo("2.2250738585072014E-308");
        assertThat(text(-Double.MIN_NORMAL).length()).isEqualTo(ShortestDecimal.MAX_LENGTH);
        assertThat(text(Double.MIN_VALUE)).isEqualTo("4.9E-324");
        // 9.88e-324: "1.0E-323" has one digit, but of one or two digits the closest is chosen
        assertThat(text(2 * Double.MIN_VALUE)).isEqualTo("9.9E-324");
    }

    @Test
    void refusesWhatHasNoJsonNumber() {
        for (double v : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
            assertThatThrownBy(() -> text(v)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    /** The edges of the algorithm: powers of two (an uneven interval), powers of ten, subnormals, and their neighbours. */
    @Test
    void edgesReadBackAndMatchJackson() {
        for (int e = -1074; e <= 1023; e++) {
            double p = Math.scalb(1.0, e);
            check(p);
            check(Math.nextUp(p));
            check(Math.nextDown(p));
        }
        for (int e = -323; e <= 308; e++) {
            double p = Double.parseDouble("1e" + e);
            check(p);
            check(Math.nextUp(p));
            check(Math.nextDown(p));
        }
        for (long t = 1; t < 2000; t++) {
            check(Double.longBitsToDouble(t));
        }
        for (long i = (1L << 53) - 1000; i <= (1L << 53) + 1000; i++) {
            check(i);
        }
    }

    @Property(tries = 20_000)
    void anyDoubleReadsBackAndMatchesJackson(@ForAll long bits) {
        double v = Double.longBitsToDouble(bits);
        if (Double.isFinite(v)) {
            check(v);
        }
    }

    /** The values alphas produce most: ranks k/n, ratios, and decimals of few digits. */
    @Property(tries = 20_000)
    void ratiosAndShortDecimalsMatchJackson(@ForAll @IntRange(min = -100_000, max = 100_000) int k,
                                            @ForAll @IntRange(min = 1, max = 100_000) int n,
                                            @ForAll @IntRange(min = -20, max = 20) int e) {
        check((double) k / n);
        check(Double.parseDouble(k + "e" + e));
    }

    private static BigDecimal pow10(int k) {
        return BigDecimal.ONE.scaleByPowerOfTen(k);
    }

    @Test
    void logarithmsOfPowersAreExactOverTheirRange() {
        for (int q = -1100; q <= 1100; q++) {
            BigDecimal pow2 = new BigDecimal(BigInteger.ONE.shiftLeft(Math.abs(q)));
            BigDecimal p = q >= 0 ? pow2 : BigDecimal.ONE.divide(pow2);
            int k = ShortestDecimal.flog10pow2(q);
            assertThat(pow10(k).compareTo(p)).as("10^%d <= 2^%d", k, q).isLessThanOrEqualTo(0);
            assertThat(pow10(k + 1).compareTo(p)).as("2^%d < 10^%d", q, k + 1).isPositive();
            BigDecimal threeQuarters = p.multiply(new BigDecimal("0.75"));
            int k3 = ShortestDecimal.flog10threeQuartersPow2(q);
            assertThat(pow10(k3).compareTo(threeQuarters)).isLessThanOrEqualTo(0);
            assertThat(pow10(k3 + 1).compareTo(threeQuarters)).isPositive();
        }
        for (int e = -400; e <= 400; e++) {
            BigDecimal p10 = pow10(e);
            int b = ShortestDecimal.flog2pow10(e);
            BigDecimal lo = b >= 0 ? new BigDecimal(BigInteger.ONE.shiftLeft(b)) : BigDecimal.ONE.divide(new BigDecimal(BigInteger.ONE.shiftLeft(-b)));
            assertThat(lo.compareTo(p10)).as("2^%d <= 10^%d", b, e).isLessThanOrEqualTo(0);
            assertThat(lo.multiply(BigDecimal.valueOf(2)).compareTo(p10)).as("10^%d < 2^%d", e, b + 1).isPositive();
        }
    }
}
