package io.quarry.connectors;

import java.nio.charset.StandardCharsets;

/**
 * Parses a decimal number from bytes, with the same result as {@link Double#parseDouble} (correctly
 * rounded).
 *
 * <p>Accepted: {@code [+-]digits[.digits][(e|E)[+-]digits]} (either side of the point may be empty, not
 * both), {@code NaN}, {@code Inf} and {@code Infinity} in any case with an optional sign, and the empty
 * field, which is NaN. Nothing else: no spaces, no hex, no {@code d}/{@code f} suffixes.
 *
 * <p>Most market numbers have at most 15 significant digits and a small exponent; they are computed
 * exactly with one double operation (Clinger's fast path: an integer below 2^53 times or divided by an
 * exact power of ten rounds once). Longer ones go to {@link Double#parseDouble}.
 */
final class NumberParser {

    private static final double[] POWERS_OF_TEN = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
    };
    private static final long EXACT_LIMIT = 1L << 53;

    private NumberParser() {
    }

    /**
     * @throws NumberFormatException when the bytes are not a number as described above
     */
    static double parse(byte[] b, int off, int len) {
        if (len == 0) {
            return Double.NaN;
        }
        int i = off;
        int end = off + len;
        boolean negative = false;
        if (b[i] == '-' || b[i] == '+') {
            negative = b[i] == '-';
            i++;
        }
        long mantissa = 0;
        int significant = 0;
        int exponent = 0;
        boolean anyDigit = false;
        byte c;
        while (i < end && (c = b[i]) >= '0' && c <= '9') {
            mantissa = mantissa * 10 + (c - '0');
            if (mantissa != 0) {
                significant++;
            }
            anyDigit = true;
            i++;
        }
        if (i < end && b[i] == '.') {
            i++;
            while (i < end && (c = b[i]) >= '0' && c <= '9') {
                mantissa = mantissa * 10 + (c - '0');
                if (mantissa != 0) {
                    significant++;
                }
                exponent--;
                anyDigit = true;
                i++;
            }
        }
        if (!anyDigit) {
            return special(b, off, len);
        }
        if (i < end && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            boolean negativeExponent = false;
            if (i < end && (b[i] == '-' || b[i] == '+')) {
                negativeExponent = b[i] == '-';
                i++;
            }
            int digitsFrom = i;
            int e = 0;
            while (i < end && (c = b[i]) >= '0' && c <= '9') {
                e = Math.min(e * 10 + (c - '0'), 100_000); // far beyond any double; avoids overflow
                i++;
            }
            if (i == digitsFrom) {
                throw notANumber(b, off, len);
            }
            exponent += negativeExponent ? -e : e;
        }
        if (i != end) {
            throw notANumber(b, off, len);
        }
        // More than 18 significant digits may have overflowed the long: let the JDK do it.
        if (significant <= 18 && mantissa < EXACT_LIMIT && exponent >= -22 && exponent <= 22) {
            double v = exponent >= 0 ? mantissa * POWERS_OF_TEN[exponent] : mantissa / POWERS_OF_TEN[-exponent];
            return negative ? -v : v;
        }
        return Double.parseDouble(new String(b, off, len, StandardCharsets.ISO_8859_1));
    }

    private static double special(byte[] b, int off, int len) {
        String text = new String(b, off, len, StandardCharsets.UTF_8);
        String word = text.startsWith("-") || text.startsWith("+") ? text.substring(1) : text;
        if (word.equalsIgnoreCase("nan")) {
            return Double.NaN;
        }
        if (word.equalsIgnoreCase("inf") || word.equalsIgnoreCase("infinity")) {
            return text.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        throw new NumberFormatException(text);
    }

    private static NumberFormatException notANumber(byte[] b, int off, int len) {
        return new NumberFormatException(new String(b, off, len, StandardCharsets.UTF_8));
    }
}
