package io.quarry.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DecimalFormatterTest {

    private static final MathContext TEN = new MathContext(10, RoundingMode.HALF_UP);
    private static final Pattern PLAIN = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]*[1-9])?");
    private static final Pattern SCIENTIFIC = Pattern.compile("-?[1-9](\\.[0-9]*[1-9])?e-?[1-9][0-9]*");

    /** The text is the BigDecimal rounding of v to 10 digits, in the documented form. */
    private static void check(double v) {
        String text = DecimalFormatter.toString(v);
        String where = v + " (bits " + Long.toHexString(Double.doubleToRawLongBits(v)) + ") -> " + text;
        if (v == 0 || Double.isInfinite(v)) {
            assertThat(text).as(where).isEqualTo(Double.toString(v).replace(".0", ""));
            return;
        }
        BigDecimal expected = new BigDecimal(v).round(TEN);
        assertThat(new BigDecimal(text).compareTo(expected)).as(where + ", expected " + expected).isZero();
        double magnitude = expected.abs().doubleValue();
        boolean plain = magnitude >= 1e-5 && magnitude < 1e15;
        assertThat(text).as(where).matches(plain ? PLAIN : SCIENTIFIC);
        assertThat(text.length()).as(where).isLessThanOrEqualTo(DecimalFormatter.MAX_LENGTH);
        BigDecimal exact = new BigDecimal(v);
        assertThat(new BigDecimal(text).subtract(exact).abs()).as(where)
                .isLessThanOrEqualTo(exact.abs().multiply(new BigDecimal("5e-10")));
        double back = Double.parseDouble(text);
        if (Double.isInfinite(back)) { // documented: the 10-digit rounding of the largest doubles overflows
            assertThat(Math.abs(v)).as(where).isGreaterThan(1.797693134e308);
        } else { // and parsing the text rounds once more, by half an ulp at most
            assertThat(Math.abs(back - v)).as(where).isLessThanOrEqualTo(5e-10 * Math.abs(v) + Math.ulp(v));
        }
    }

    @Test
    void examples() {
        assertThat(DecimalFormatter.toString(0.5)).isEqualTo("0.5");
        assertThat(DecimalFormatter.toString(-1)).isEqualTo("-1");
        assertThat(DecimalFormatter.toString(1.234567891e-5)).isEqualTo("0.00001234567891");
        assertThat(DecimalFormatter.toString(1.234567891e-6)).isEqualTo("1.234567891e-6");
        assertThat(DecimalFormatter.toString(-2e20)).isEqualTo("-2e20");
        assertThat(DecimalFormatter.toString(1e15)).isEqualTo("1e15");
        assertThat(DecimalFormatter.toString(123456789012345.0)).isEqualTo("123456789000000");
        assertThat(DecimalFormatter.toString(Math.PI)).isEqualTo("3.141592654");
        assertThat(DecimalFormatter.toString(123.456)).isEqualTo("123.456");
        assertThat(DecimalFormatter.toString(1234567891.4)).isEqualTo("1234567891");
        assertThat(DecimalFormatter.toString(9.9999999999)).isEqualTo("10");
        assertThat(DecimalFormatter.toString(-99999.999995)).isEqualTo("-100000");
        assertThat(DecimalFormatter.toString(9.99999999999e-6)).isEqualTo("0.00001");
        assertThat(DecimalFormatter.toString(9.99999999999e14)).isEqualTo("1e15");
        assertThat(DecimalFormatter.toString(12345678905.0)).isEqualTo("12345678910"); // a tie rounds up
        assertThat(DecimalFormatter.toString(0.0)).isEqualTo("0");
        assertThat(DecimalFormatter.toString(-0.0)).isEqualTo("-0");
        assertThat(DecimalFormatter.toString(Double.NaN)).isEmpty();
        assertThat(DecimalFormatter.toString(Double.POSITIVE_INFINITY)).isEqualTo("Infinity");
        assertThat(DecimalFormatter.toString(Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
        assertThat(DecimalFormatter.toString(Double.MAX_VALUE)).isEqualTo("1.797693135e308");
        assertThat(DecimalFormatter.toString(-Double.MIN_VALUE)).isEqualTo("-4.940656458e-324");
    }

    @Test
    void edgeValues() {
        double[] edges = {Double.MIN_VALUE, Double.MIN_NORMAL, Math.nextDown(Double.MIN_NORMAL), Double.MAX_VALUE,
                          1, 10, 0.1, 1e-5, Math.nextDown(1e-5), 1e15, Math.nextDown(1e15), 1e22, 1e23, 1e-300,
                          9.999999999e-301, 0.5, 1.5, 2.5, 1e10, 99999999995.0, 9999999999.5, 999999999.95,
                          4503599627370497.0, 9007199254740993.0, 1.0000000005, 1.00000000049999};
        for (double v : edges) {
            check(v);
            check(-v);
            check(Math.nextUp(v));
            check(Math.nextDown(v));
        }
        for (int e = -324; e <= 308; e++) { // powers of ten and their neighbours
            double p = Double.parseDouble("1e" + e);
            check(p);
            check(Math.nextUp(p));
            if (p > 0) {
                check(Math.nextDown(p));
            }
        }
    }

    @Test
    void integersAndTies() {
        Random random = new Random(1);
        for (int i = 0; i < 10_000; i++) {
            long digits = 1_000_000_000L + (long) (random.nextDouble() * 9e9);
            check(digits * 10 + 5);            // an exact tie at the 11th digit
            check(digits * 100 + 50);
            check(digits * 10.0);
            check(random.nextLong() >> random.nextInt(64));
            check((digits * 10 + 5) / 1024.0); // binary fractions: ties below the point
        }
    }

    @Test
    void randomDoublesOfEveryMagnitude() {
        Random random = new Random(42);
        for (int i = 0; i < 50_000; i++) {
            check(Double.longBitsToDouble(random.nextLong() & 0x7fefffffffffffffL) * (random.nextBoolean() ? 1 : -1));
            check(random.nextDouble() * Math.pow(10, random.nextInt(601) - 300));
            check(-random.nextGaussian());
            check(random.nextInt(10_001) / 10_000.0);
        }
    }

    @Test
    void valuesThatRoundUpToTheNextPowerOfTen() {
        for (int e = -300; e <= 300; e++) {
            BigDecimal power = BigDecimal.ONE.scaleByPowerOfTen(e);
            // 9.9999999995 x 10^(e-1) and its neighbours: the first rounds up to 10^e, the tie included
            BigDecimal almost = new BigDecimal("9.9999999995").scaleByPowerOfTen(e - 1);
            double v = almost.doubleValue();
            check(v);
            check(Math.nextUp(v));
            check(Math.nextDown(v));
            check(power.doubleValue());
        }
    }
}
