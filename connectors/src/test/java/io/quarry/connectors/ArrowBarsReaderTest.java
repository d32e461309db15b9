package io.quarry.connectors;

import static io.quarry.connectors.Fixtures.assertBars;
import static io.quarry.connectors.Fixtures.assertField;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarry.dsl.panel.Panel;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.ArrowWriter;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Arrow files as other tools write them: typed timestamps, integer and float32 columns, nulls. */
class ArrowBarsReaderTest {

    private static final double NaN = Double.NaN;

    @TempDir
    Path dir;

    private static Field field(String name, ArrowType type) {
        return new Field(name, FieldType.nullable(type), null);
    }

    /** Writes one batch per call of {@code fill}, as a file or a stream. */
    private Path write(String name, boolean stream, List<Field> fields, int rows, Consumer<VectorSchemaRoot> fill)
            throws Exception {
        Path file = dir.resolve(name);
        try (RootAllocator allocator = new RootAllocator();
             VectorSchemaRoot root = VectorSchemaRoot.create(new Schema(fields), allocator);
             FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             ArrowWriter writer = stream ? new ArrowStreamWriter(root, null, channel)
                     : new ArrowFileWriter(root, null, channel)) {
            writer.start();
            root.allocateNew();
            fill.accept(root);
            root.getFieldVectors().forEach(v -> v.setValueCount(rows));
            root.setRowCount(rows);
            writer.writeBatch();
            writer.end();
        }
        return file;
    }

    private static void text(FieldVector v, int i, String s) {
        ((VarCharVector) v).setSafe(i, s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsDate32IntegersFloat32AndNulls() throws Exception {
        for (boolean stream : new boolean[] {false, true}) {
            Path file = write(stream ? "typed.arrows" : "typed.arrow", stream, List.of(
                    field("Symbol", ArrowType.Utf8.INSTANCE),
                    field("Date", new ArrowType.Date(org.apache.arrow.vector.types.DateUnit.DAY)),
                    field("close", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)),
                    field("volume", new ArrowType.Int(64, true))), 4, root -> {
                        String[] symbols = {"B", "A", "B", "A"};
                        long[] days = {LocalDate.of(2016, 1, 5).toEpochDay(), LocalDate.of(2016, 1, 5).toEpochDay(),
                                       LocalDate.of(2016, 1, 4).toEpochDay(), LocalDate.of(2016, 1, 6).toEpochDay()};
                        for (int i = 0; i < 4; i++) {
                            text(root.getVector(0), i, symbols[i]);
                            ((DateDayVector) root.getVector(1)).setSafe(i, (int) days[i]);
                            ((BigIntVector) root.getVector(3)).setSafe(i, 100L * (i + 1));
                        }
                        ((Float4Vector) root.getVector(2)).setSafe(0, 1.5f);
                        ((Float4Vector) root.getVector(2)).setNull(1);
                        ((Float4Vector) root.getVector(2)).setSafe(2, 2.25f);
                        ((Float4Vector) root.getVector(2)).setSafe(3, -3f);
                    });
            Panel p = BarsReader.read(file);
            assertThat(p.timestamps()).containsExactly("2016-01-04", "2016-01-05", "2016-01-06");
            assertThat(p.symbols()).containsExactly("A", "B");
            assertThat(p.fieldNames()).containsExactly("close", "volume");
            assertBars(p, new boolean[][] {{false, true}, {true, true}, {true, false}});
            assertField(p, "close", new double[][] {{NaN, 2.25}, {NaN, 1.5}, {-3, NaN}});
            assertField(p, "volume", new double[][] {{NaN, 300}, {200, 100}, {400, NaN}});
        }
    }

    @Test
    void readsTimestampsWithoutTimeZone() throws Exception {
        Path file = write("micros.arrow", false, List.of(
                field("time", new ArrowType.Timestamp(TimeUnit.MICROSECOND, null)),
                field("symbol", ArrowType.Utf8.INSTANCE),
                field("x", new ArrowType.Int(32, true))), 3, root -> {
                    long open = LocalDate.of(2016, 1, 4).toEpochDay() * 86_400_000_000L + 34_200_000_000L; // 09:30
                    long[] ticks = {open, open + 500_000, open + 60_000_000};
                    for (int i = 0; i < 3; i++) {
                        ((TimeStampMicroVector) root.getVector(0)).setSafe(i, ticks[i]);
                        text(root.getVector(1), i, "S");
                        ((IntVector) root.getVector(2)).setSafe(i, i);
                    }
                });
        Panel p = BarsReader.read(file);
        assertThat(p.timestamps())
                .containsExactly("2016-01-04T09:30:00", "2016-01-04T09:30:00.5", "2016-01-04T09:31:00");
        assertField(p, "x", new double[][] {{0}, {1}, {2}});
    }

    @Test
    void errorsNameFileRowAndColumn() throws Exception {
        Path badType = write("badtype.arrow", false, List.of(
                field("date", ArrowType.Utf8.INSTANCE),
                field("symbol", new ArrowType.Int(32, true))), 0, root -> { });
        assertThatThrownBy(() -> BarsReader.read(badType)).isInstanceOf(DataFormatException.class)
                .hasMessage(badType + ": column 'symbol': Arrow type Int(32, true) is not supported; expected utf8");
        Path noSymbol = write("nosymbol.arrow", false, List.of(field("date", ArrowType.Utf8.INSTANCE)), 0, root -> { });
        assertThatThrownBy(() -> BarsReader.read(noSymbol))
                .hasMessage(noSymbol + ": no 'symbol' column; header is: date");
        Path empty = write("empty.arrow", false, List.of(field("date", ArrowType.Utf8.INSTANCE),
                field("symbol", ArrowType.Utf8.INSTANCE)), 0, root -> { });
        assertThatThrownBy(() -> BarsReader.read(empty)).hasMessage(empty + ": no data rows after the header");
        Path rows = write("rows.arrow", false, List.of(field("date", ArrowType.Utf8.INSTANCE),
                field("symbol", ArrowType.Utf8.INSTANCE)), 3, root -> {
                    text(root.getVector(0), 0, "2016-01-04");
                    text(root.getVector(1), 0, "A");
                    text(root.getVector(0), 1, "yesterday");
                    text(root.getVector(1), 1, "A");
                    text(root.getVector(0), 2, "2016-01-04");
                    ((VarCharVector) root.getVector(1)).setNull(2);
                });
        assertThatThrownBy(() -> BarsReader.read(rows)).isInstanceOfSatisfying(DataFormatException.class, e ->
                assertThat(e.problems()).containsExactly(
                        rows + ": row 2: column 'date': 'yesterday' is not " + Timestamps.EXPECTED,
                        rows + ": row 3: column 'symbol': null symbol"));
        Path truncated = dir.resolve("truncated.arrow");
        Path whole = write("whole.arrow", false, List.of(field("date", ArrowType.Utf8.INSTANCE)), 0, root -> { });
        byte[] bytes = Files.readAllBytes(whole);
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 12));
        assertThatThrownBy(() -> BarsReader.read(truncated)).isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(truncated + ": not a valid Arrow IPC file");
    }
}
