package io.quarry.connectors;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * Formats a double with 10 significant digits, fast: alpha values are written by the tens of millions
 * and {@link Double#toString} is too slow for that.
 *
 * <p><b>Precision.</b> The value is rounded half-up to 10 significant digits, exactly as
 * {@code new BigDecimal(v).round(new MathContext(10, RoundingMode.HALF_UP))}. The decimal written differs
 * from the double by at most half a unit in its 10th digit: a relative error of at most 5e-10 (between
 * 5e-11 and 5e-10 depending on the leading digits); parsing it back adds at most half an ulp. The one
 * exception: values above 1.797693134e308 round to a decimal above {@link Double#MAX_VALUE} and read back
 * as infinity. Use Arrow output when values must be exact.
 *
 * <p><b>Form.</b> The shortest text of that decimal without trailing zeros, readable by
 * {@link Double#parseDouble}, pandas and any C {@code strtod}:
 * <ul>
 *   <li>plain notation when 1e-5 &lt;= |rounded| &lt; 1e15: {@code 0.5}, {@code -1}, {@code 123.456},
 *       {@code 0.00001234567891}, {@code 123456789100000};</li>
 *   <li>otherwise scientific, one digit before the point and no {@code +} or leading zeros in the exponent:
 *       {@code 1.234567891e-6}, {@code -2e20};</li>
 *   <li>{@code 0}, {@code -0}, {@code Infinity}, {@code -Infinity}; NaN writes nothing (an empty CSV field).</li>
 * </ul>
 *
 * <p><b>How.</b> The double is m * 2^q with an integer m &lt; 2^53. It is multiplied by a 128-bit
 * truncated power of ten 10^k (k = 9 - decimal exponent) in 192-bit integer arithmetic, which gives the
 * 10 leading digits and the bits below them with an error below 2^-80 of the last digit. Only when
 * those bits lie within that error below one half (exact ties such as 12345678905; practically never
 * for other values) is the result computed with {@link BigDecimal} instead.
 */
final class DecimalFormatter {

    static final int DIGITS = 10;

    /** The longest text written: {@code -1.234567891e-308}. */
    static final int MAX_LENGTH = 17;

    private static final long TEN_TO_9 = 1_000_000_000L;
    private static final long TEN_TO_10 = 10_000_000_000L;
    private static final MathContext CONTEXT = new MathContext(DIGITS, RoundingMode.HALF_UP);

    /** Powers of ten 10^k for k in [K_MIN, K_MAX] as 128-bit mantissas (hi, lo) and binary exponents. */
    private static final int K_MIN = -299;
    private static final int K_MAX = 333;
    private static final long[] POW_HI = new long[K_MAX - K_MIN + 1];
    private static final long[] POW_LO = new long[K_MAX - K_MIN + 1];
    private static final int[] POW_EXP = new int[K_MAX - K_MIN + 1];

    /**
     * The bits of the smallest double >= 10^j, for j in [E_MIN, E_MAX]: v >= it implies v >= 10^j. The
     * bits of positive doubles order as the values do.
     */
    private static final int E_MIN = -323;
    private static final int E_MAX = 309;
    private static final long[] POW10_CEIL_BITS = new long[E_MAX - E_MIN + 1];

    /** floor(b * log10(2)) for the binary exponents b of doubles (normalised), from BINARY_MIN. */
    private static final int BINARY_MIN = -1074;
    private static final int[] FLOOR_LOG10_POW2 = new int[1023 - BINARY_MIN + 1];

    /** "00" to "99". */
    private static final byte[] PAIRS = new byte[200];
    private static final byte[] INFINITY = "Infinity".getBytes(StandardCharsets.US_ASCII);

    static {
        for (int b = BINARY_MIN; b <= 1023; b++) {
            // exact in double arithmetic: b * log10(2) is never within 1e-4 of an integer for b != 0
            FLOOR_LOG10_POW2[b - BINARY_MIN] = (int) Math.floor(b * Math.log10(2));
        }
        for (int j = E_MIN; j <= E_MAX; j++) {
            BigDecimal power = BigDecimal.ONE.scaleByPowerOfTen(j);
            double d = power.doubleValue();
            double ceil = Double.isInfinite(d) || new BigDecimal(d).compareTo(power) >= 0 ? d : Math.nextUp(d);
            POW10_CEIL_BITS[j - E_MIN] = Double.doubleToRawLongBits(ceil);
        }
        for (int i = 0; i < 100; i++) {
            PAIRS[2 * i] = (byte) ('0' + i / 10);
            PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
        BigInteger mask64 = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
        for (int k = K_MIN; k <= K_MAX; k++) {
            BigInteger mantissa;
            int exp;
            if (k >= 0) {
                BigInteger p = BigInteger.TEN.pow(k);
                int shift = p.bitLength() - 128;
                mantissa = shift >= 0 ? p.shiftRight(shift) : p.shiftLeft(-shift);
                exp = shift;
            } else {
                // floor(2^(L+127) / 10^-k) lies in (2^127, 2^128) when 10^-k has L bits
                BigInteger d = BigInteger.TEN.pow(-k);
                int bits = d.bitLength() + 127;
                mantissa = BigInteger.ONE.shiftLeft(bits).divide(d);
                exp = -bits;
            }
            POW_HI[k - K_MIN] = mantissa.shiftRight(64).longValue();
            POW_LO[k - K_MIN] = mantissa.and(mask64).longValue();
            POW_EXP[k - K_MIN] = exp;
        }
    }

    private DecimalFormatter() {
    }

    /** The text of a value (for tests and messages; writers use {@link #format(double, byte[], int)}). */
    static String toString(double v) {
        byte[] out = new byte[MAX_LENGTH];
        return new String(out, 0, format(v, out, 0), StandardCharsets.US_ASCII);
    }

    /**
     * Writes the text of {@code v} at {@code out[pos]}, which must have {@link #MAX_LENGTH} bytes free.
     *
     * @return the position after the text
     */
    static int format(double v, byte[] out, int pos) {
        if (Double.isNaN(v)) {
            return pos;
        }
        long bits = Double.doubleToRawLongBits(v);
        if (bits < 0) {
            out[pos++] = '-';
        }
        int biased = (int) (bits >>> 52) & 0x7ff;
        long m = bits & 0xfffffffffffffL;
        if (biased == 0x7ff) {
            System.arraycopy(INFINITY, 0, out, pos, INFINITY.length);
            return pos + INFINITY.length;
        }
        if (biased == 0 && m == 0) {
            out[pos] = '0';
            return pos + 1;
        }
        int q;
        if (biased == 0) { // subnormal: normalise m to 53 bits
            int shift = Long.numberOfLeadingZeros(m) - 11;
            m <<= shift;
            q = -1074 - shift;
        } else {
            m |= 1L << 52;
            q = biased - 1075;
        }
        // v is in [2^b, 2^(b+1)), so floor(log10(v)) is floor(b * log10(2)) or one more: one more exactly
        // when v reaches the next power of ten (compared without a branch)
        int e = FLOOR_LOG10_POW2[q + 52 - BINARY_MIN];
        e += (int) ((POW10_CEIL_BITS[e + 1 - E_MIN] - 1 - (bits & Long.MAX_VALUE)) >>> 63);
        int i = DIGITS - 1 - e - K_MIN; // v * 10^(9 - e) is in [10^9, 10^10)
        long hi = POW_HI[i];
        long lo = POW_LO[i];
        // 192-bit product m * (hi:lo) = w2:w1:w0
        long loHigh = Math.multiplyHigh(m, lo) + (lo >> 63 & m);
        long w0 = m * lo;
        long hiLow = m * hi;
        long hiHigh = Math.multiplyHigh(m, hi) + m; // hi has its top bit set
        long w1 = loHigh + hiLow;
        long w2 = hiHigh + (Long.compareUnsigned(w1, loHigh) < 0 ? 1 : 0);
        // the product times 2^(q + exp) is v * 10^(9 - e); its integer part and first fraction bit lie in w2
        int shift = -(q + POW_EXP[i]) - 128;
        long half = w2 >>> (shift - 1) & 1;
        long below = (1L << (shift - 1)) - 1;
        // The product underestimates by less than m < 2^53 units of w0: a fraction just below one half
        // might truly be a half (round up), so such cases are decided exactly.
        if (w1 == -1L && half == 0 && (w2 & below) == below && Long.compareUnsigned(w0, -(1L << 54)) >= 0) {
            return writeExact(Math.abs(v), out, pos);
        }
        long digits = (w2 >>> shift) + half;
        if (digits >= TEN_TO_10) { // rounded up to the next power of ten, e.g. 9.9999999999
            digits = TEN_TO_9;
            e++;
        }
        return write(digits, e, out, pos);
    }

    private static int writeExact(double abs, byte[] out, int pos) {
        BigDecimal rounded = new BigDecimal(abs).round(CONTEXT);
        BigInteger unscaled = rounded.unscaledValue();
        int length = unscaled.toString().length();
        long digits = unscaled.longValueExact();
        for (int d = length; d < DIGITS; d++) {
            digits *= 10;
        }
        return write(digits, length - 1 - rounded.scale(), out, pos);
    }

    /**
     * Writes digits (exactly 10, the first non-zero) times 10^(e - 9), without trailing zeros after a
     * point. The digits are handled as two 5-digit ints: one 64-bit division per value.
     */
    private static int write(long digits, int e, byte[] out, int pos) {
        int high = (int) (digits / 100_000);
        int low = (int) (digits - high * 100_000L);
        int zeros = trailingZeros(high, low);
        if (e >= -5 && e < 15) {
            if (e < 0) {
                out[pos++] = '0';
                out[pos++] = '.';
                for (int z = -1; z > e; z--) {
                    out[pos++] = '0';
                }
                writeFive(high, out, pos);
                writeFive(low, out, pos + 5);
                return pos + DIGITS - zeros;
            }
            if (e >= DIGITS - 1) { // an integer: no point
                writeFive(high, out, pos);
                writeFive(low, out, pos + 5);
                pos += DIGITS;
                for (int z = DIGITS - 1; z < e; z++) {
                    out[pos++] = '0';
                }
                return pos;
            }
            return withPoint(high, low, zeros, e + 1, out, pos);
        }
        pos = withPoint(high, low, zeros, 1, out, pos);
        out[pos++] = 'e';
        if (e < 0) {
            out[pos++] = '-';
            e = -e;
        }
        if (e >= 100) {
            out[pos++] = (byte) ('0' + e / 100);
        }
        if (e >= 10) {
            out[pos++] = (byte) ('0' + e / 10 % 10);
        }
        out[pos++] = (byte) ('0' + e % 10);
        return pos;
    }

    /** The ten digits high:low with a point after the first {@code integerDigits} (1 to 9). */
    private static int withPoint(int high, int low, int zeros, int integerDigits, byte[] out, int pos) {
        if (integerDigits == 1) { // the common case (scientific form, [1, 10)) without moving bytes
            int first = high / 10_000;
            int four = high - first * 10_000;
            out[pos] = (byte) ('0' + first);
            out[pos + 1] = '.';
            int pair = four / 100;
            out[pos + 2] = PAIRS[2 * pair];
            out[pos + 3] = PAIRS[2 * pair + 1];
            pair = four - pair * 100;
            out[pos + 4] = PAIRS[2 * pair];
            out[pos + 5] = PAIRS[2 * pair + 1];
            writeFive(low, out, pos + 6);
        } else {
            writeFive(high, out, pos + 1);
            writeFive(low, out, pos + 6);
            // move the integer digits one to the left, into the gap, and put the point after them
            for (int i = 0; i < integerDigits; i++) {
                out[pos + i] = out[pos + 1 + i];
            }
            out[pos + integerDigits] = '.';
        }
        return zeros >= DIGITS - integerDigits ? pos + integerDigits : pos + DIGITS + 1 - zeros;
    }

    /** How many zeros the 10-digit number high:low ends with. */
    private static int trailingZeros(int high, int low) {
        int zeros = 0;
        int rest = low;
        if (low == 0) {
            zeros = 5;
            rest = high;
        }
        while (rest % 10 == 0) {
            rest /= 10;
            zeros++;
        }
        return zeros;
    }

    private static void writeFive(int v, byte[] out, int pos) {
        int first = v / 10_000;
        int rest = v - first * 10_000;
        int pair1 = rest / 100;
        int pair2 = rest - pair1 * 100;
        out[pos] = (byte) ('0' + first);
        out[pos + 1] = PAIRS[2 * pair1];
        out[pos + 2] = PAIRS[2 * pair1 + 1];
        out[pos + 3] = PAIRS[2 * pair2];
        out[pos + 4] = PAIRS[2 * pair2 + 1];
    }
}
