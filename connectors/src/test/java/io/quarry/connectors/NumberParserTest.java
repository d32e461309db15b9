package io.quarry.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NumberParserTest {

    private static double parse(String text) {
        byte[] b = ("xx" + text + "yy").getBytes(StandardCharsets.US_ASCII);
        return NumberParser.parse(b, 2, b.length - 4);
    }

    private static void same(String text) {
        assertThat(Double.doubleToRawLongBits(parse(text))).as(text)
                .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(text)));
    }

    @Test
    void agreesWithParseDoubleOnRandomNumbers() {
        Random random = new Random(3);
        for (int i = 0; i < 50_000; i++) {
            double any = Double.longBitsToDouble(random.nextLong());
            same(Double.toString(Double.isFinite(any) ? any : 1));
            same(Double.toString(random.nextDouble() * 1000));
            same(random.nextInt(100_000) + "." + random.nextInt(10_000));
            StringBuilder digits = new StringBuilder();
            for (int d = random.nextInt(25); d >= 0; d--) {
                digits.append((char) ('0' + random.nextInt(10)));
            }
            digits.insert(random.nextInt(digits.length() + 1), '.');
            String exponent = random.nextBoolean() ? "" : "e" + (random.nextInt(80) - 40);
            same((random.nextBoolean() ? "-" : "") + digits + exponent);
        }
    }

    @Test
    void edgeForms() {
        for (String text : new String[] {"0", "-0", "+0", "0.0", "-0.0", ".5", "5.", "1e22", "1e23", "1e-22",
                                         "1e-23", "9007199254740993", "9007199254740992", "123456789012345678",
                                         "1234567890123456789", "0.000000000000000000000000000001", "1E400", "1e-400",
                                         "4.9e-324", "2.5e-324", "1.7976931348623157e308",
                                         "00000000000000000000000012.5", "1e+5"}) {
            same(text);
        }
        assertThat(parse("")).isNaN();
        assertThat(parse("NaN")).isNaN();
        assertThat(parse("-nan")).isNaN();
        assertThat(parse("Infinity")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(parse("-inf")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(parse("+INF")).isEqualTo(Double.POSITIVE_INFINITY);
    }

    @Test
    void rejectsEverythingElse() {
        for (String text : new String[] {"-", "+", ".", "e1", "1e", "1e+", "1..2", "1.2.3", " 1", "1 ", "1f", "1d",
                                         "0x1p3", "abc", "--1", "1-", "infinite", "nan1", "1,5"}) {
            assertThatThrownBy(() -> parse(text)).as(text).isInstanceOf(NumberFormatException.class);
        }
    }
}
