package io.quarry.connectors;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarry.dsl.panel.Panel;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Helpers shared by the tests: fixture files and cell-by-cell panel assertions. */
final class Fixtures {

    static final Path SHARED_BARS = Path.of("/work/shared/data/sp500_2013_2016.csv.gz");
    static final Path SHARED_SECTORS = Path.of("/work/shared/data/sp500_sectors.csv");

    private Fixtures() {
    }

    static Path write(Path dir, String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    static Path writeGzip(Path dir, String name, String content) throws IOException {
        Path file = dir.resolve(name);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
        return file;
    }

    /** Asserts every cell of a field: {@code expected[t][s]}, NaN for missing. */
    static void assertField(Panel panel, String field, double[][] expected) {
        assertThat(panel.rows()).isEqualTo(expected.length);
        for (int t = 0; t < expected.length; t++) {
            assertThat(expected[t]).hasSize(panel.symbolCount());
            for (int s = 0; s < panel.symbolCount(); s++) {
                String cell = field + " at row " + t + " (" + panel.timestamps().get(t) + "), symbol "
                        + panel.symbols().get(s);
                if (Double.isNaN(expected[t][s])) {
                    assertThat(panel.value(field, t, s)).as(cell).isNaN();
                } else {
                    assertThat(panel.value(field, t, s)).as(cell).isEqualTo(expected[t][s]);
                }
            }
        }
    }

    /** Asserts the bar mask: {@code expected[t][s]}. */
    static void assertBars(Panel panel, boolean[][] expected) {
        assertThat(panel.rows()).isEqualTo(expected.length);
        for (int t = 0; t < expected.length; t++) {
            for (int s = 0; s < panel.symbolCount(); s++) {
                assertThat(panel.hasBar(t, s))
                        .as("bar at row %d (%s), symbol %s", t, panel.timestamps().get(t), panel.symbols().get(s))
                        .isEqualTo(expected[t][s]);
            }
        }
    }

    /** Asserts two panels hold the same calendar, symbols, bars and bit-identical values (NaN included). */
    static void assertSamePanel(Panel actual, Panel expected) {
        assertThat(actual.timestamps()).isEqualTo(expected.timestamps());
        assertThat(actual.symbols()).isEqualTo(expected.symbols());
        assertThat(actual.fieldNames()).containsExactlyElementsOf(expected.fieldNames());
        assertThat(actual.barMask()).isEqualTo(expected.barMask());
        for (String field : expected.fieldNames()) {
            double[] a = actual.values(field);
            double[] e = expected.values(field);
            for (int i = 0; i < e.length; i++) {
                if (Double.doubleToRawLongBits(a[i]) != Double.doubleToRawLongBits(e[i])
                        && !(Double.isNaN(a[i]) && Double.isNaN(e[i]))) {
                    throw new AssertionError(field + " at row " + i % expected.rows() + ", symbol "
                            + expected.symbols().get(i / expected.rows()) + ": " + a[i] + " != " + e[i]);
                }
            }
        }
    }
}
