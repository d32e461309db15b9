package io.quarry.connectors;

import io.quarry.dsl.panel.Groups;
import io.quarry.dsl.panel.Panel;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FloatingPointVector;
import org.apache.arrow.vector.LargeVarCharVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.InvalidArrowFileException;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/** Reads long-format bars from an Arrow IPC file or stream (see {@link BarsReader} for the types). */
final class ArrowBarsReader {

    private final ErrorLog errors;
    private PanelBuilder builder;
    private long lastKey;
    private int lastId = -1;

    private ArrowBarsReader(String name) {
        this.errors = new ErrorLog(name, false);
    }

    static Panel read(Path file, String name, Groups groups) throws IOException {
        ArrowBarsReader reader = new ArrowBarsReader(name);
        try (RootAllocator allocator = new RootAllocator();
             FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
             ArrowReader arrow = FileFormat.sniff(file) == FileFormat.ARROW_FILE
                     ? new ArrowFileReader(channel, allocator)
                     : new ArrowStreamReader(channel, allocator)) {
            reader.readAll(arrow);
        } catch (InvalidArrowFileException | IndexOutOfBoundsException e) {
            throw reader.errors.fileProblem("not a valid Arrow IPC file (" + e.getMessage() + ")");
        }
        return reader.builder.build(groups);
    }

    private void readAll(ArrowReader arrow) throws IOException {
        VectorSchemaRoot root = arrow.getVectorSchemaRoot();
        List<Field> schema = root.getSchema().getFields();
        BarsLayout layout = BarsLayout.of(schema.stream().map(Field::getName).toList(), errors.file());
        checkTypes(schema, layout);
        builder = new PanelBuilder(errors, layout.timeName(), layout.fields());
        long row = 0;
        while (arrow.loadNextBatch()) {
            List<FieldVector> vectors = root.getFieldVectors();
            FieldVector time = vectors.get(layout.timeColumn());
            FieldVector symbol = vectors.get(layout.symbolColumn());
            int[] fieldOfColumn = layout.fieldOfColumn();
            for (int i = 0, n = root.getRowCount(); i < n; i++) {
                row++;
                int timestamp = timestampId(time, i, row, layout.timeName());
                int symbolId = -1;
                if (symbol.isNull(i)) {
                    errors.add(row, PanelBuilder.column("symbol") + "null symbol");
                } else {
                    byte[] text = symbol instanceof VarCharVector v ? v.get(i) : ((LargeVarCharVector) symbol).get(i);
                    symbolId = builder.symbol(text, 0, text.length, row);
                }
                builder.beginRow();
                for (int c = 0; c < fieldOfColumn.length; c++) {
                    if (fieldOfColumn[c] >= 0) {
                        builder.set(fieldOfColumn[c], number(vectors.get(c), i));
                    }
                }
                if (timestamp >= 0 && symbolId >= 0) {
                    builder.commitRow(timestamp, symbolId, row);
                } else if (errors.isFull()) {
                    return;
                }
            }
        }
    }

    private void checkTypes(List<Field> schema, BarsLayout layout) {
        for (int c = 0; c < schema.size(); c++) {
            Field field = schema.get(c);
            ArrowType type = field.getType();
            String expected;
            boolean ok;
            if (c == layout.timeColumn()) {
                expected = "utf8, date32 or a timestamp without time zone";
                ok = type instanceof ArrowType.Utf8 || type instanceof ArrowType.LargeUtf8
                        || type instanceof ArrowType.Date d && d.getUnit() == DateUnit.DAY
                        || type instanceof ArrowType.Timestamp t && t.getTimezone() == null;
            } else if (c == layout.symbolColumn()) {
                expected = "utf8";
                ok = type instanceof ArrowType.Utf8 || type instanceof ArrowType.LargeUtf8;
            } else {
                expected = "an integer or floating-point number";
                ok = type instanceof ArrowType.Int || type instanceof ArrowType.FloatingPoint;
            }
            if (!ok || field.getDictionary() != null) {
                throw errors.fileProblem(PanelBuilder.column(field.getName().toLowerCase(Locale.ROOT))
                        + "Arrow type " + type + (field.getDictionary() != null ? " (dictionary-encoded)" : "")
                        + " is not supported; expected " + expected);
            }
        }
    }

    private int timestampId(FieldVector time, int i, long row, String column) {
        if (time.isNull(i)) {
            errors.add(row, PanelBuilder.column(column) + "null timestamp");
            return -1;
        }
        if (time instanceof VarCharVector v) {
            byte[] text = v.get(i);
            return builder.timestamp(text, 0, text.length, row);
        }
        if (time instanceof LargeVarCharVector v) {
            byte[] text = v.get(i);
            return builder.timestamp(text, 0, text.length, row);
        }
        // date32 days or timestamp ticks: consecutive rows usually repeat the value
        long key = time instanceof DateDayVector d ? d.get(i) : ((TimeStampVector) time).get(i);
        if (lastId >= 0 && key == lastKey) {
            return lastId;
        }
        String text = time instanceof DateDayVector ? LocalDate.ofEpochDay(key).toString()
                : Timestamps.format(dateTime(key, ((ArrowType.Timestamp) time.getField().getType()).getUnit()));
        int id = builder.timestamp(text, row);
        lastKey = key;
        lastId = id;
        return id;
    }

    private static LocalDateTime dateTime(long ticks, TimeUnit unit) {
        long perSecond = switch (unit) {
            case SECOND -> 1L;
            case MILLISECOND -> 1_000L;
            case MICROSECOND -> 1_000_000L;
            case NANOSECOND -> 1_000_000_000L;
        };
        long nanos = Math.floorMod(ticks, perSecond) * (1_000_000_000L / perSecond);
        return LocalDateTime.ofEpochSecond(Math.floorDiv(ticks, perSecond), (int) nanos, ZoneOffset.UTC);
    }

    private static double number(FieldVector vector, int i) {
        if (vector.isNull(i)) {
            return Double.NaN;
        }
        return vector instanceof FloatingPointVector f ? f.getValueAsDouble(i)
                : ((BaseIntVector) vector).getValueAsLong(i);
    }
}
