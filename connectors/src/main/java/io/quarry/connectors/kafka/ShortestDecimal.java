package io.quarry.connectors.kafka;

import java.math.BigInteger;

/**
 * The shortest decimal text of a finite double, written as ASCII bytes straight into a buffer: the text
 * {@link Double#toString} gives from Java 19 on (and Jackson's JSON generator on every Java), without the
 * intermediate {@code String}. The values topic writes tens of millions of numbers, and this text was the
 * largest cost of writing them.
 *
 * <p><b>Which decimal.</b> Among the decimals that read back as the double (round to nearest even), one
 * with the fewest digits; among those the one closest to the double, and of two equally close the one
 * with an even last digit. So the text always reads back as exactly the double.
 *
 * <p><b>Form.</b> {@code Double.toString}'s: plain when 10^-3 &lt;= |v| &lt; 10^7 ({@code 0.001},
 * {@code 123.0}, {@code -4.5}), otherwise computerized scientific with at least one fractional digit
 * ({@code 1.0E7}, {@code 2.5E-4}, {@code 4.9E-324}); {@code 0.0} and {@code -0.0}.
 *
 * <p><b>How.</b> R. Giulietti's Schubfach ("The Schubfach way to render doubles", 2020): the double's
 * rounding interval, scaled by a power of ten chosen so that it holds a few decimals of 17 or 16 digits,
 * is computed in 128-bit arithmetic against a 126-bit upper approximation of that power, rounded to odd.
 * Deciding which of two neighbouring candidates lies in the interval needs nothing more precise.
 */
final class ShortestDecimal {

    /** The longest text: {@code -2.2250738585072014E-308}. */
    static final int MAX_LENGTH = 24;

    private static final int Q_MIN = -1074;
    private static final long C_MIN = 1L << 52;
    /** Subnormals with a significand below this are scaled by ten first, so that they get two digits. */
    private static final long C_TINY = 3;
    private static final int K_MIN = -324;
    private static final int K_MAX = 292;
    private static final long MASK_63 = (1L << 63) - 1;

    /** For k in [K_MIN, K_MAX]: g = floor(10^-k / 2^r) + 1 with 2^125 <= 10^-k / 2^r < 2^126, split in 63-bit halves. */
    private static final long[] G1 = new long[K_MAX - K_MIN + 1];
    private static final long[] G0 = new long[K_MAX - K_MIN + 1];
    private static final long[] POW10 = new long[18];
    /** "00" to "99". */
    private static final byte[] PAIRS = new byte[200];

    static {
        for (int k = K_MIN; k <= K_MAX; k++) {
            int r = flog2pow10(-k) - 125;
            BigInteger scaled = k <= 0
                    ? scale(BigInteger.TEN.pow(-k), -r)
                    : BigInteger.ONE.shiftLeft(-r).divide(BigInteger.TEN.pow(k));
            BigInteger g = scaled.add(BigInteger.ONE);
            G1[k - K_MIN] = g.shiftRight(63).longValueExact();
            G0[k - K_MIN] = g.longValue() & MASK_63;
        }
        for (int i = 0; i < 100; i++) {
            PAIRS[2 * i] = (byte) ('0' + i / 10);
            PAIRS[2 * i + 1] = (byte) ('0' + i % 10);
        }
        POW10[0] = 1;
        for (int i = 1; i < POW10.length; i++) {
            POW10[i] = 10 * POW10[i - 1];
        }
    }

    private ShortestDecimal() {
    }

    /** {@code x * 2^shift}, rounded down. */
    private static BigInteger scale(BigInteger x, int shift) {
        return shift >= 0 ? x.shiftLeft(shift) : x.shiftRight(-shift);
    }

    /** floor(q * log10(2)), exact for |q| <= 5,456,721 (the constant is floor(log10(2) * 2^41)). */
    static int flog10pow2(int q) {
        return (int) (q * 661_971_961_083L >> 41);
    }

    /** floor(log10(3/4 * 2^q)), exact for |q| <= 3,543,294. */
    static int flog10threeQuartersPow2(int q) {
        return (int) (q * 661_971_961_083L - 274_743_187_321L >> 41);
    }

    /** floor(e * log2(10)), exact for |e| <= 1,838,394 (the constant is floor(log2(10) * 2^38)). */
    static int flog2pow10(int e) {
        return (int) (e * 913_124_641_741L >> 38);
    }

    /**
     * Writes the text of {@code v} at {@code out[at]} and returns the position after it; the buffer needs
     * {@link #MAX_LENGTH} bytes from {@code at}.
     *
     * @throws IllegalArgumentException for NaN and the infinities, which have no JSON number
     */
    static int write(double v, byte[] out, int at) {
        long bits = Double.doubleToRawLongBits(v);
        long t = bits & (C_MIN - 1);
        int bq = (int) (bits >>> 52) & 0x7ff;
        if (bq == 0x7ff) {
            throw new IllegalArgumentException("no decimal for " + v);
        }
        if (bits < 0) {
            out[at++] = '-';
        }
        if (bq != 0) {
            int mq = -Q_MIN + 1 - bq;
            long c = C_MIN | t;
            if (0 < mq && mq < 53) {
                long f = c >> mq;
                if (f << mq == c) {
                    // An integer below 2^53 is its own shortest decimal.
                    return chars(f, 0, out, at);
                }
            }
            return toDecimal(-mq, c, 0, out, at);
        }
        if (t != 0) {
            return t < C_TINY ? toDecimal(Q_MIN, 10 * t, -1, out, at) : toDecimal(Q_MIN, t, 0, out, at);
        }
        out[at] = '0';
        out[at + 1] = '.';
        out[at + 2] = '0';
        return at + 3;
    }

    /** The decimal of c * 2^q (the double's significand and exponent); dk adjusts the exponent of a scaled c. */
    private static int toDecimal(int q, long c, int dk, byte[] out, int at) {
        long odd = c & 1;
        long cb = c << 2;
        long cbr = cb + 2;
        long cbl;
        int k;
        if (c != C_MIN || q == Q_MIN) {
            cbl = cb - 2;
            k = flog10pow2(q);
        } else {
            // At a power of two the neighbour below is half as far as the one above.
            cbl = cb - 1;
            k = flog10threeQuartersPow2(q);
        }
        int h = q + flog2pow10(-k) + 2;
        long g1 = G1[k - K_MIN];
        long g0 = G0[k - K_MIN];
        // 4 * v * 10^-k and the interval's ends, rounded to odd.
        long vb = roundToOdd(g1, g0, cb << h);
        long vbl = roundToOdd(g1, g0, cbl << h);
        long vbr = roundToOdd(g1, g0, cbr << h);
        long s = vb >> 2;
        if (s >= 100) {
            // A candidate with one digit fewer: s and s + 10 rounded down to tens.
            long sp10 = 10 * (s / 10);
            long tp10 = sp10 + 10;
            boolean upIn = vbl + odd <= sp10 << 2;
            boolean wpIn = (tp10 << 2) + odd <= vbr;
            if (upIn != wpIn) {
                return chars(upIn ? sp10 : tp10, k + dk, out, at);
            }
        }
        long s1 = s + 1;
        boolean uIn = vbl + odd <= s << 2;
        boolean wIn = (s1 << 2) + odd <= vbr;
        if (uIn != wIn) {
            return chars(uIn ? s : s1, k + dk, out, at);
        }
        // Both in the interval: the closer, and of two as close the even one.
        long cmp = vb - (s + s1 << 1);
        return chars(cmp < 0 || cmp == 0 && (s & 1) == 0 ? s : s1, k + dk, out, at);
    }

    /** g * cp / 2^127 with g = g1 * 2^63 + g0, rounded to odd (the lowest bit set when anything was cut off). */
    private static long roundToOdd(long g1, long g0, long cp) {
        long x1 = Math.multiplyHigh(g0, cp);
        long y0 = g1 * cp;
        long y1 = Math.multiplyHigh(g1, cp);
        long z = (y0 >>> 1) + x1;
        long vbp = y1 + (z >>> 63);
        return vbp | (z & MASK_63) + MASK_63 >>> 63;
    }

    /**
     * Writes f * 10^e (0 < f < 10^17) in {@code Double.toString}'s form: the digits go one byte to the right
     * of their place, trailing zeros are dropped there, and the point is then put in place.
     */
    private static int chars(long f, int e, byte[] out, int at) {
        int length = flog10pow2(64 - Long.numberOfLeadingZeros(f));
        if (f >= POW10[length]) {
            length++;
        }
        int first = at + 1;
        int end = first + length;
        if (length > 8) {
            long high = f / 100_000_000;
            eightDigits((int) (f - high * 100_000_000), out, end - 8);
            digits((int) high, length - 8, out, first);
        } else {
            digits((int) f, length, out, first);
        }
        // The exponent of the first digit: v = d.ddd * 10^exponent.
        int exponent = e + length - 1;
        while (out[end - 1] == '0') {
            end--;
        }
        int count = end - first;
        if (exponent >= 0 && exponent < 7) {
            int whole = exponent + 1;
            if (count <= whole) {
                System.arraycopy(out, first, out, at, count);
                at += count;
                for (int i = count; i < whole; i++) {
                    out[at++] = '0';
                }
                out[at] = '.';
                out[at + 1] = '0';
                return at + 2;
            }
            System.arraycopy(out, first, out, at, whole);
            out[at + whole] = '.';
            return end;
        }
        if (exponent < 0 && exponent >= -3) {
            int zeros = -exponent;
            System.arraycopy(out, first, out, first + zeros, count);
            out[at] = '0';
            out[at + 1] = '.';
            for (int i = at + 2; i < first + zeros; i++) {
                out[i] = '0';
            }
            return end + zeros;
        }
        out[at] = out[first];
        out[first] = '.';
        if (count == 1) {
            out[end++] = '0';
        }
        out[end++] = 'E';
        if (exponent < 0) {
            out[end++] = '-';
            exponent = -exponent;
        }
        if (exponent >= 100) {
            out[end++] = (byte) ('0' + exponent / 100);
            exponent %= 100;
            out[end++] = PAIRS[2 * exponent];
            out[end++] = PAIRS[2 * exponent + 1];
        } else if (exponent >= 10) {
            out[end++] = PAIRS[2 * exponent];
            out[end++] = PAIRS[2 * exponent + 1];
        } else {
            out[end++] = (byte) ('0' + exponent);
        }
        return end;
    }

    /** Writes x (below 10^8) as exactly eight digits, with leading zeros. */
    private static void eightDigits(int x, byte[] out, int at) {
        int high = x / 10_000;
        int low = x - high * 10_000;
        fourDigits(high, out, at);
        fourDigits(low, out, at + 4);
    }

    private static void fourDigits(int x, byte[] out, int at) {
        int high = x / 100;
        int low = x - high * 100;
        out[at] = PAIRS[2 * high];
        out[at + 1] = PAIRS[2 * high + 1];
        out[at + 2] = PAIRS[2 * low];
        out[at + 3] = PAIRS[2 * low + 1];
    }

    /** Writes x (below 10^9) as exactly {@code count} digits, with leading zeros. */
    private static void digits(int x, int count, byte[] out, int at) {
        int end = at + count;
        while (end - at >= 4) {
            int high = x / 10_000;
            fourDigits(x - high * 10_000, out, end - 4);
            x = high;
            end -= 4;
        }
        if (end - at >= 2) {
            int high = x / 100;
            int pair = x - high * 100;
            out[end - 2] = PAIRS[2 * pair];
            out[end - 1] = PAIRS[2 * pair + 1];
            x = high;
            end -= 2;
        }
        if (end > at) {
            out[at] = (byte) ('0' + x);
        }
    }
}
