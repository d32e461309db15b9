package io.quarry.connectors;

import io.quarry.dsl.panel.Panel;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes a {@link LongTable} as CSV, optionally gzip-compressed, in parallel.
 *
 * <p>The lines are cut into chunks of whole rows (timestamps) of about {@value #CHUNK_CELLS} cells.
 * {@value #THREADS} threads format the chunks and, for {@code .csv.gz}, compress each one into its own
 * gzip member (raw deflate at {@link Deflater#BEST_SPEED}, CRC-32, length); the calling thread writes
 * them in order. Concatenated members are one valid gzip file (RFC 1952), read whole by
 * {@link java.util.zip.GZIPInputStream}, {@code zcat} and pandas.
 */
final class CsvTableWriter {

    /** How a non-NaN value becomes text. */
    enum CellFormat {
        /** 10 significant digits, see {@link DecimalFormatter}. */
        TEN_DIGITS(DecimalFormatter.MAX_LENGTH) {
            @Override
            int write(double v, byte[] out, int pos) {
                return DecimalFormatter.format(v, out, pos);
            }
        },
        /** Exact: integers as such, anything else as {@link Double#toString}; reads back to the same double. */
        EXACT(25) {
            @Override
            int write(double v, byte[] out, int pos) {
                if (v == Math.rint(v) && Math.abs(v) < 1e15) {
                    if (v == 0 && Double.doubleToRawLongBits(v) < 0) {
                        out[pos++] = '-';
                    }
                    return writeLong((long) v, out, pos);
                }
                String text = Double.toString(v);
                for (int i = 0; i < text.length(); i++) {
                    out[pos++] = (byte) text.charAt(i);
                }
                return pos;
            }
        };

        private final int maxLength;

        CellFormat(int maxLength) {
            this.maxLength = maxLength;
        }

        /** Writes the text of a value that is not NaN; returns the position after it. */
        abstract int write(double v, byte[] out, int pos);
    }

    static final int CHUNK_CELLS = 1 << 18;
    /** At most this many values are copied per chunk, whatever the share of symbols with a bar. */
    private static final int MAX_CHUNK_VALUES = 1 << 21;
    static final int THREADS = 2;
    /** Chunks in flight: enough to keep the threads busy while the caller writes. */
    private static final int WINDOW = 2 * THREADS + 2;

    private static final byte[] GZIP_HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 4, (byte) 255};

    private final LongTable table;
    private final CellFormat format;
    private final boolean gzip;
    private final byte[][] timestampText;
    private final byte[][] symbolText;
    private final int maxLine;

    private CsvTableWriter(LongTable table, CellFormat format, boolean gzip) {
        this.table = table;
        this.format = format;
        this.gzip = gzip;
        Panel panel = table.panel();
        timestampText = panel.timestamps().stream().map(t -> t.getBytes(StandardCharsets.UTF_8))
                .toArray(byte[][]::new);
        symbolText = panel.symbols().stream().map(s -> csvField(s).getBytes(StandardCharsets.UTF_8))
                .toArray(byte[][]::new);
        int longestTimestamp = Arrays.stream(timestampText).mapToInt(b -> b.length).max().orElse(0);
        int longestSymbol = Arrays.stream(symbolText).mapToInt(b -> b.length).max().orElse(0);
        maxLine = longestTimestamp + longestSymbol + table.columns().size() * (format.maxLength + 1) + 2;
    }

    static void write(Path out, LongTable table, CellFormat format, boolean gzip) throws IOException {
        new CsvTableWriter(table, format, gzip).write(out);
    }

    /** A field quoted as RFC 4180 requires when it holds a comma, quote or line break. */
    static String csvField(String text) {
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }

    private record Bytes(byte[] data, int length) {
    }

    private void write(Path out) throws IOException {
        List<int[]> chunks = chunks();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS, runnable -> {
            Thread thread = new Thread(runnable, "quarry-csv-writer");
            thread.setDaemon(true);
            return thread;
        });
        try (OutputStream os = Files.newOutputStream(out)) {
            ArrayDeque<Future<Bytes>> pending = new ArrayDeque<>();
            int next = 0;
            while (next < chunks.size() || !pending.isEmpty()) {
                while (next < chunks.size() && pending.size() < WINDOW) {
                    int[] chunk = chunks.get(next++);
                    boolean first = next == 1;
                    pending.add(pool.submit(() -> encode(chunk[0], chunk[1], chunk[2], first)));
                }
                Bytes bytes = await(pending.poll());
                os.write(bytes.data(), 0, bytes.length());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Row ranges {from, to, lines} of about CHUNK_CELLS cells (values, timestamps and symbols) each; at
     * least one, as the header goes in the first.
     */
    private List<int[]> chunks() {
        Panel panel = table.panel();
        int rows = panel.rows();
        int symbols = panel.symbolCount();
        boolean[] mask = panel.barMask();
        int cellsPerLine = table.columns().size() + 2;
        List<int[]> chunks = new ArrayList<>();
        int from = table.fromRow();
        int lines = 0;
        for (int t = table.fromRow(); t < table.toRow(); t++) {
            for (int s = 0; s < symbols; s++) {
                if (mask[s * rows + t]) {
                    lines++;
                }
            }
            long copied = (long) (t + 1 - from) * symbols * table.columns().size();
            if ((long) lines * cellsPerLine >= CHUNK_CELLS || copied >= MAX_CHUNK_VALUES) {
                chunks.add(new int[] {from, t + 1, lines});
                from = t + 1;
                lines = 0;
            }
        }
        if (from < table.toRow() || chunks.isEmpty()) {
            chunks.add(new int[] {from, table.toRow(), lines});
        }
        return chunks;
    }

    /** The bytes of rows [from, to) ({@code lines} lines), formatted and (for gzip) compressed into one member. */
    private Bytes encode(int from, int to, int lines, boolean withHeader) {
        Panel panel = table.panel();
        int rows = panel.rows();
        int symbols = panel.symbolCount();
        boolean[] mask = panel.barMask();
        int width = to - from;
        int block = width * symbols;
        // Copy the chunk's values to a small local array first: reading one line's values straight
        // from the columns would touch a different memory page per value.
        List<double[]> columns = table.columns();
        double[] local = new double[columns.size() * block];
        for (int c = 0; c < columns.size(); c++) {
            double[] column = columns.get(c);
            for (int s = 0; s < symbols; s++) {
                System.arraycopy(column, s * rows + from, local, c * block + s * width, width);
            }
        }
        byte[] header = withHeader ? (String.join(",", table.header().stream().map(CsvTableWriter::csvField)
                .toList()) + "\n").getBytes(StandardCharsets.UTF_8) : new byte[0];
        byte[] buf = new byte[Math.toIntExact(header.length + (long) lines * maxLine)]; // never resized
        System.arraycopy(header, 0, buf, 0, header.length);
        int pos = header.length;
        for (int t = from; t < to; t++) {
            byte[] timestamp = timestampText[t];
            for (int s = 0; s < symbols; s++) {
                if (!mask[s * rows + t]) {
                    continue;
                }
                System.arraycopy(timestamp, 0, buf, pos, timestamp.length);
                pos += timestamp.length;
                buf[pos++] = ',';
                byte[] symbol = symbolText[s];
                System.arraycopy(symbol, 0, buf, pos, symbol.length);
                pos += symbol.length;
                for (int i = s * width + t - from; i < local.length; i += block) { // one value per column
                    buf[pos++] = ',';
                    double v = local[i];
                    if (v == v) {
                        pos = format.write(v, buf, pos);
                    }
                }
                buf[pos++] = '\n';
            }
        }
        return gzip ? gzipMember(buf, pos) : new Bytes(buf, pos);
    }

    private static byte[] ensure(byte[] buf, int pos, int more) {
        return pos + more <= buf.length ? buf : Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
    }

    /** One complete gzip member holding {@code data[0, length)}. */
    private static Bytes gzipMember(byte[] data, int length) {
        CRC32 crc = new CRC32();
        crc.update(data, 0, length);
        Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
        try {
            deflater.setInput(data, 0, length);
            deflater.finish();
            byte[] out = new byte[length / 2 + 1024];
            System.arraycopy(GZIP_HEADER, 0, out, 0, GZIP_HEADER.length);
            int pos = GZIP_HEADER.length;
            while (!deflater.finished()) {
                out = ensure(out, pos, 1);
                pos += deflater.deflate(out, pos, out.length - pos);
            }
            out = ensure(out, pos, 8);
            pos = writeIntLE((int) crc.getValue(), out, pos);
            pos = writeIntLE(length, out, pos); // ISIZE: the length modulo 2^32
            return new Bytes(out, pos);
        } finally {
            deflater.end();
        }
    }

    private static int writeIntLE(int v, byte[] out, int pos) {
        out[pos] = (byte) v;
        out[pos + 1] = (byte) (v >>> 8);
        out[pos + 2] = (byte) (v >>> 16);
        out[pos + 3] = (byte) (v >>> 24);
        return pos + 4;
    }

    static int writeLong(long v, byte[] out, int pos) {
        if (v < 0) {
            out[pos++] = '-';
            v = -v;
        }
        int end = pos + digitCount(v);
        for (int p = end - 1; p >= pos; p--) {
            out[p] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return end;
    }

    private static int digitCount(long v) {
        int count = 1;
        while (v >= 10) {
            v /= 10;
            count++;
        }
        return count;
    }

    private static Bytes await(Future<Bytes> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IOException(cause);
        }
    }
}
