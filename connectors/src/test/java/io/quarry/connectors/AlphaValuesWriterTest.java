package io.quarry.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.dsl.panel.Panel;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlphaValuesWriterTest {

    @TempDir
    Path dir;

    private static Panel panel;
    private static List<String> names;
    private static List<double[]> columns;

    /** 400 days x 300 symbols (~108k bars), three alphas of different magnitudes with NaN holes. */
    @BeforeAll
    static void values() {
        panel = BarsWriterTest.randomPanel(BarsWriterTest.dates(400), 300, 11);
        names = List.of("alpha001", "rank(close, 5)", "big");
        Random random = new Random(5);
        columns = new ArrayList<>();
        int cells = panel.rows() * panel.symbolCount();
        for (int c = 0; c < names.size(); c++) {
            double[] v = new double[cells];
            for (int i = 0; i < cells; i++) {
                v[i] = random.nextInt(20) == 0 ? Double.NaN : switch (c) {
                    case 0 -> random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20);
                    case 1 -> random.nextInt(301) / 300.0;
                    default -> (random.nextDouble() - 0.5) * 1e18;
                };
            }
            columns.add(v);
        }
    }

    @Test
    void csvGzipIsMultiMemberAndReadsBackWithinTenDigits() throws Exception {
        Path file = dir.resolve("alphas.csv.gz");
        AlphaValuesWriter.write(file, panel, names, columns, 100, 390);
        assertThat(gzipMembers(Files.readAllBytes(file))).isGreaterThan(1);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
            assertThat(in.readLine()).isEqualTo("date,symbol,alpha001,\"rank(close, 5)\",big");
            assertLines(in, 100, 390);
        }
    }

    @Test
    void plainCsvHasTheSameLines() throws Exception {
        Path file = dir.resolve("alphas.csv");
        AlphaValuesWriter.write(file, panel, names, columns, 0, panel.rows());
        try (BufferedReader in = Files.newBufferedReader(file)) {
            assertThat(in.readLine()).isEqualTo("date,symbol,alpha001,\"rank(close, 5)\",big");
            assertLines(in, 0, panel.rows());
        }
    }

    /** One line per bar in [from, to), by date then symbol; every value within 5e-10 relative. */
    private static void assertLines(BufferedReader in, int from, int to) throws Exception {
        int rows = panel.rows();
        for (int t = from; t < to; t++) {
            for (int s = 0; s < panel.symbolCount(); s++) {
                if (!panel.hasBar(t, s)) {
                    continue;
                }
                String line = in.readLine();
                assertThat(line).isNotNull();
                String[] f = line.split(",", -1);
                assertThat(f).hasSize(2 + names.size());
                assertThat(f[0]).isEqualTo(panel.timestamps().get(t));
                assertThat(f[1]).isEqualTo(panel.symbols().get(s));
                for (int c = 0; c < names.size(); c++) {
                    double expected = columns.get(c)[s * rows + t];
                    if (Double.isNaN(expected)) {
                        assertThat(f[2 + c]).isEmpty();
                    } else {
                        double actual = Double.parseDouble(f[2 + c]);
                        assertThat(Math.abs(actual - expected)).as(line)
                                .isLessThanOrEqualTo(5e-10 * Math.abs(expected) + Math.ulp(expected));
                    }
                }
            }
        }
        assertThat(in.readLine()).isNull();
    }

    @Test
    void arrowIsExactWithNullForNaN() throws Exception {
        Path file = dir.resolve("alphas.arrow");
        AlphaValuesWriter.write(file, panel, names, columns, 0, panel.rows());
        int rows = panel.rows();
        int t = 0;
        int s = -1;
        int batches = 0;
        try (RootAllocator allocator = new RootAllocator();
             FileChannel channel = FileChannel.open(file);
             ArrowFileReader reader = new ArrowFileReader(channel, allocator)) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            assertThat(root.getSchema().getFields()).extracting(f -> f.getName())
                    .containsExactly("date", "symbol", "alpha001", "rank(close, 5)", "big");
            assertThat(root.getSchema().getFields().get(0).getType()).isEqualTo(ArrowType.Utf8.INSTANCE);
            assertThat(root.getSchema().getFields().get(2).getType())
                    .isEqualTo(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE));
            while (reader.loadNextBatch()) {
                batches++;
                VarCharVector date = (VarCharVector) root.getVector(0);
                VarCharVector symbol = (VarCharVector) root.getVector(1);
                for (int i = 0; i < root.getRowCount(); i++) {
                    do { // the next bar in (date, symbol) order
                        if (++s == panel.symbolCount()) {
                            s = 0;
                            t++;
                        }
                    } while (!panel.hasBar(t, s));
                    assertThat(new String(date.get(i), StandardCharsets.UTF_8)).isEqualTo(panel.timestamps().get(t));
                    assertThat(new String(symbol.get(i), StandardCharsets.UTF_8)).isEqualTo(panel.symbols().get(s));
                    for (int c = 0; c < names.size(); c++) {
                        Float8Vector v = (Float8Vector) root.getVector(2 + c);
                        double expected = columns.get(c)[s * rows + t];
                        if (Double.isNaN(expected)) {
                            assertThat(v.isNull(i)).isTrue();
                        } else {
                            assertThat(v.get(i)).isEqualTo(expected);
                        }
                    }
                }
                assertThat(root.getRowCount()).isLessThanOrEqualTo(ArrowTableWriter.BATCH_ROWS);
            }
        }
        assertThat(batches).isGreaterThan(1);
        assertThat(t).isEqualTo(rows - 1);
    }

    @Test
    void dateTimeCalendarsWriteATimeColumn() throws Exception {
        Panel intraday = BarsWriterTest.randomPanel(List.of("2016-01-04T09:30:00", "2016-01-04T09:31:00"), 2, 1);
        Path file = dir.resolve("intraday.csv");
        double[] v = {0.5, -1, 1.234567891e-5, Double.NaN};
        AlphaValuesWriter.write(file, intraday, List.of("a"), List.of(v), 0, 2);
        assertThat(Files.readString(file)).isEqualTo("""
                time,symbol,a
                2016-01-04T09:30:00,S000,0.5
                2016-01-04T09:30:00,S001,0.00001234567891
                2016-01-04T09:31:00,S000,-1
                """ + (intraday.hasBar(1, 1) ? "2016-01-04T09:31:00,S001,\n" : ""));
    }

    @Test
    void emptyRangeWritesTheHeader() throws Exception {
        Path file = dir.resolve("empty.csv.gz");
        AlphaValuesWriter.write(file, panel, names, columns, 5, 5);
        try (var in = new GZIPInputStream(Files.newInputStream(file))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("date,symbol,alpha001,\"rank(close, 5)\",big\n");
        }
    }

    @Test
    void rejectsBadArguments() {
        Path file = dir.resolve("x.csv");
        assertThatThrownBy(() -> AlphaValuesWriter.write(file, panel, List.of("a"), List.of(new double[3]), 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("column 'a' has 3 values");
        assertThatThrownBy(() -> AlphaValuesWriter.write(file, panel, names, columns, 10, 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rows [10, 5)");
        assertThatThrownBy(() -> AlphaValuesWriter.write(file, panel, List.of("a", "A"), List.of(columns.get(0),
                columns.get(1)), 0, 1)).hasMessageContaining("column name 'A' is empty, repeated");
        assertThatThrownBy(() -> AlphaValuesWriter.write(file, panel, List.of("Date"), List.of(columns.get(0)), 0, 1))
                .hasMessageContaining("column name 'Date'");
        assertThat(file).doesNotExist();
    }

    /** Counts gzip members by walking their headers and trailers (each member here has the fixed header). */
    private static int gzipMembers(byte[] bytes) throws Exception {
        int members = 0;
        int pos = 0;
        while (pos < bytes.length) {
            assertThat(bytes[pos] & 0xff).isEqualTo(0x1f);
            assertThat(bytes[pos + 1] & 0xff).isEqualTo(0x8b);
            Inflater inflater = new Inflater(true);
            inflater.setInput(bytes, pos + 10, bytes.length - pos - 10);
            byte[] sink = new byte[1 << 16];
            while (!inflater.finished()) {
                inflater.inflate(sink);
            }
            pos = bytes.length - inflater.getRemaining() + 8; // skip CRC-32 and ISIZE
            inflater.end();
            members++;
        }
        return members;
    }
}
