package io.quarry.dsl.panel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PanelDigestTest {

    /** Two days x two symbols, fields close and open, one missing bar, a sector table. */
    private static Panel market(double close11, String secondSymbol, boolean lastBar, String secondSector) {
        Map<String, double[]> fields = new java.util.LinkedHashMap<>();
        // Symbol-major: A's two days, then the second symbol's.
        fields.put("open", new double[] {1.0, 2.0, 3.0, Double.NaN});
        fields.put("close", new double[] {1.5, 2.5, close11, Double.NaN});
        Groups groups = new Groups(Map.of("A", List.of("Tech"), secondSymbol, List.of(secondSector)), 1);
        return new Panel(List.of("2016-01-04", "2016-01-05"), List.of("A", secondSymbol), fields,
                new boolean[] {true, true, true, lastBar}, groups);
    }

    private static Panel market() {
        return market(3.5, "B", false, "Energy");
    }

    @Test
    void theDigestIsTheSha256OfTheDocumentedLayout() throws IOException, NoSuchAlgorithmException {
        // Written out by hand from Panel.digest's contract: each string as its byte count and UTF-8
        // bytes; calendar; per symbol its name then its group per level; fields in name order
        // (close before open), each name then its values' big-endian bits; then one byte per bar.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        for (String s : List.of("2016-01-04", "2016-01-05", "A", "Tech", "B", "Energy", "close")) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            out.writeInt(utf8.length);
            out.write(utf8);
        }
        for (double v : new double[] {1.5, 2.5, 3.5, Double.NaN}) {
            out.writeLong(Double.doubleToRawLongBits(v));
        }
        byte[] open = "open".getBytes(StandardCharsets.UTF_8);
        out.writeInt(open.length);
        out.write(open);
        for (double v : new double[] {1.0, 2.0, 3.0, Double.NaN}) {
            out.writeLong(Double.doubleToRawLongBits(v));
        }
        out.write(new byte[] {1, 1, 1, 0});
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()));

        assertThat(market().digest()).isEqualTo(expected);
    }

    @Test
    void theSameDataGivesTheSameDigestAndAnyChangeAnother() {
        String digest = market().digest();
        assertThat(market().digest()).isEqualTo(digest);
        assertThat(market(Math.nextUp(3.5), "B", false, "Energy").digest()).isNotEqualTo(digest);
        assertThat(market(3.5, "C", false, "Energy").digest()).isNotEqualTo(digest);
        assertThat(market(3.5, "B", true, "Energy").digest()).isNotEqualTo(digest);
        assertThat(market(3.5, "B", false, "Utilities").digest()).isNotEqualTo(digest);
        assertThat(market().withGroups(Groups.none()).digest()).isNotEqualTo(digest);
    }
}
