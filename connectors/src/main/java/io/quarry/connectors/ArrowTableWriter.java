package io.quarry.connectors;

import io.quarry.dsl.panel.Panel;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Writes a {@link LongTable} as an Arrow IPC file: a utf8 timestamp column, a utf8 symbol column and
 * nullable float64 columns (NaN is written as null), in record batches of {@value #BATCH_ROWS} rows.
 */
final class ArrowTableWriter {

    static final int BATCH_ROWS = 1 << 16;

    private ArrowTableWriter() {
    }

    static void write(Path out, LongTable table) throws IOException {
        List<Field> fields = new ArrayList<>();
        fields.add(new Field(table.timeColumn(), FieldType.notNullable(ArrowType.Utf8.INSTANCE), null));
        fields.add(new Field("symbol", FieldType.notNullable(ArrowType.Utf8.INSTANCE), null));
        ArrowType float64 = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
        for (String name : table.names()) {
            fields.add(new Field(name, FieldType.nullable(float64), null));
        }
        Panel panel = table.panel();
        byte[][] timestamps = panel.timestamps().stream().map(t -> t.getBytes(StandardCharsets.UTF_8))
                .toArray(byte[][]::new);
        byte[][] symbols = panel.symbols().stream().map(s -> s.getBytes(StandardCharsets.UTF_8))
                .toArray(byte[][]::new);
        int rows = panel.rows();
        boolean[] mask = panel.barMask();
        double[][] columns = table.columns().toArray(double[][]::new);
        try (RootAllocator allocator = new RootAllocator();
             VectorSchemaRoot root = VectorSchemaRoot.create(new Schema(fields), allocator);
             FileChannel channel = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     StandardOpenOption.TRUNCATE_EXISTING);
             ArrowFileWriter writer = new ArrowFileWriter(root, null, channel)) {
            writer.start();
            VarCharVector timeVector = (VarCharVector) root.getVector(0);
            VarCharVector symbolVector = (VarCharVector) root.getVector(1);
            root.getFieldVectors().forEach(v -> v.setInitialCapacity(BATCH_ROWS)); // the value columns use set()
            int[] cells = new int[BATCH_ROWS];
            int n = 0;
            for (int t = table.fromRow(); t < table.toRow(); t++) {
                for (int s = 0; s < symbols.length; s++) {
                    int cell = s * rows + t;
                    if (!mask[cell]) {
                        continue;
                    }
                    if (n == 0) {
                        root.allocateNew();
                    }
                    timeVector.setSafe(n, timestamps[t]);
                    symbolVector.setSafe(n, symbols[s]);
                    cells[n++] = cell;
                    if (n == BATCH_ROWS) {
                        writeBatch(root, writer, columns, cells, n);
                        n = 0;
                    }
                }
            }
            if (n > 0) {
                writeBatch(root, writer, columns, cells, n);
            }
            writer.end();
        }
    }

    /**
     * Fills the value columns of a batch whose timestamps and symbols are set, and writes it. Column by
     * column: one column's cells of a batch lie on few memory pages, one line's cells on many.
     */
    private static void writeBatch(VectorSchemaRoot root, ArrowFileWriter writer, double[][] columns, int[] cells,
                                   int n) throws IOException {
        for (int c = 0; c < columns.length; c++) {
            Float8Vector vector = (Float8Vector) root.getVector(c + 2);
            double[] column = columns[c];
            for (int i = 0; i < n; i++) {
                double v = column[cells[i]];
                if (v == v) {
                    vector.set(i, v);
                } else {
                    vector.setNull(i);
                }
            }
        }
        root.setRowCount(n);
        writer.writeBatch();
    }
}
