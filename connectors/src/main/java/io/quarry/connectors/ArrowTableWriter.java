package io.quarry.connectors;

import io.quarry.dsl.panel.Panel;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
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
            root.getFieldVectors().forEach(v -> v.setInitialCapacity(BATCH_ROWS)); // value columns are copied in whole
            int[] cells = new int[BATCH_ROWS];
            ColumnScratch[] scratch = Stream.generate(ColumnScratch::new)
                    .limit(Math.max(1, Math.min(columns.length, Runtime.getRuntime().availableProcessors())))
                    .toArray(ColumnScratch[]::new);
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
                        writeBatch(root, writer, columns, cells, n, scratch);
                        n = 0;
                    }
                }
            }
            if (n > 0) {
                writeBatch(root, writer, columns, cells, n, scratch);
            }
            writer.end();
        }
    }

    /**
     * Fills the value columns of a batch whose timestamps and symbols are set, and writes it. Each
     * column is built in a plain byte array (its values little-endian, 0 under a null, and its
     * validity bits) and copied into the vector's buffers in one call each: setting values one by one
     * through the vector costs a bounds-checked buffer access per value. Columns are filled on all
     * cores, each part with its own scratch.
     */
    private static void writeBatch(VectorSchemaRoot root, ArrowFileWriter writer, double[][] columns, int[] cells,
                                   int n, ColumnScratch[] scratch) throws IOException {
        int parts = scratch.length;
        IntStream.range(0, parts).parallel().forEach(p -> {
            for (int c = columns.length * p / parts; c < columns.length * (p + 1) / parts; c++) {
                scratch[p].fill((Float8Vector) root.getVector(c + 2), columns[c], cells, n);
            }
        });
        root.setRowCount(n);
        writer.writeBatch();
    }

    /** One thread's buffers for building a batch's column. */
    private static final class ColumnScratch {
        private static final VarHandle LITTLE_ENDIAN_DOUBLE =
                MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);

        private final byte[] data = new byte[BATCH_ROWS * Double.BYTES];
        private final byte[] validity = new byte[BATCH_ROWS / Byte.SIZE];

        void fill(Float8Vector vector, double[] column, int[] cells, int n) {
            int validityBytes = (n + Byte.SIZE - 1) / Byte.SIZE;
            Arrays.fill(validity, 0, validityBytes, (byte) 0);
            for (int i = 0; i < n; i++) {
                double v = column[cells[i]];
                boolean present = v == v;
                LITTLE_ENDIAN_DOUBLE.set(data, i * Double.BYTES, present ? v : 0.0);
                validity[i >>> 3] |= (byte) ((present ? 1 : 0) << (i & 7));
            }
            vector.getDataBuffer().setBytes(0, data, 0, (long) n * Double.BYTES);
            vector.getValidityBuffer().setBytes(0, validity, 0, validityBytes);
        }
    }
}
