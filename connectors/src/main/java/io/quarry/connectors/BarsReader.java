package io.quarry.connectors;

import io.quarry.dsl.panel.Groups;
import io.quarry.dsl.panel.Panel;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads long-format bars into a {@link Panel}.
 *
 * <p>Input: CSV, gzip-compressed CSV or an Arrow IPC file (or stream), recognised by content, not by
 * name. The header names a timestamp column ({@code date}, {@code time}, {@code timestamp} or
 * {@code datetime}), a {@code symbol} column and any numeric columns ({@code open}, {@code close},
 * {@code volume}, {@code vwap}, {@code cap}, ...); names are lower-cased. Rows may come in any order.
 *
 * <ul>
 *   <li>The calendar is the sorted set of distinct timestamps: ISO-8601 dates {@code 2016-01-04} or
 *       date-times {@code 2016-01-04T09:30:00} (a space may stand for the {@code T}), not mixed in one
 *       file. Date-times become {@code yyyy-MM-ddTHH:mm:ss[.fraction]}.</li>
 *   <li>Symbols are sorted (by {@link String#compareTo}).</li>
 *   <li>An empty numeric field (or an Arrow null) is NaN, never 0; {@code NaN} and {@code Infinity} are
 *       read as such. A symbol without a row at a timestamp has no bar and NaN in every field there.</li>
 * </ul>
 *
 * <p>In Arrow files the timestamp column is utf8, date32 or a timestamp without time zone, the symbol
 * column utf8, and the numeric columns any integer or floating-point type.
 *
 * <p>Bad input raises a {@link DataFormatException} naming the file, line, column and text; bad rows
 * are collected (up to 20) and reported together. Duplicate
 * (timestamp, symbol) rows are errors that name both lines.
 */
public final class BarsReader {

    private static final int GZIP_BUFFER = 1 << 16;

    private BarsReader() {
    }

    /** Reads bars without a group table ({@link Groups#none()}). */
    public static Panel read(Path bars) throws IOException {
        return read(bars, Groups.none());
    }

    /**
     * Reads bars and attaches a group table to the panel.
     *
     * @throws DataFormatException when the content is malformed
     * @throws IOException         when the file cannot be read
     */
    public static Panel read(Path bars, Groups groups) throws IOException {
        String name = bars.toString();
        return switch (FileFormat.sniff(bars)) {
            case ARROW_FILE, ARROW_STREAM -> ArrowBarsReader.read(bars, name, groups);
            case CSV, CSV_GZ -> readCsv(bars, name, groups);
        };
    }

    /** Opens a text file, decompressing it when its content is gzip. */
    static InputStream openText(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        if (FileFormat.sniff(file) != FileFormat.CSV_GZ) {
            return in;
        }
        try {
            return new GZIPInputStream(in, GZIP_BUFFER);
        } catch (IOException e) {
            in.close();
            throw e;
        }
    }

    private static Panel readCsv(Path bars, String name, Groups groups) throws IOException {
        ErrorLog errors = new ErrorLog(name, true);
        try (CsvLines lines = new CsvLines(openText(bars))) {
            if (!lines.next()) {
                throw errors.fileProblem("empty file (expected a header line such as "
                        + "date,symbol,open,high,low,close,volume)");
            }
            if (lines.lineError() != null) {
                throw errors.lineProblem(lines.lineNumber(), lines.lineError());
            }
            List<String> header = new ArrayList<>();
            for (int f = 0; f < lines.fieldCount(); f++) {
                header.add(lines.field(f));
            }
            BarsLayout layout = BarsLayout.of(header, errors.where(lines.lineNumber()));
            PanelBuilder builder = new PanelBuilder(errors, layout.timeName(), layout.fields());
            readRows(lines, layout, String.join(",", header), builder, errors);
            return builder.build(groups);
        } catch (ZipException | EOFException e) {
            throw errors.fileProblem("corrupt or truncated gzip data (" + e.getMessage() + ")");
        }
    }

    private static void readRows(CsvLines lines, BarsLayout layout, String header, PanelBuilder builder,
                                 ErrorLog errors) throws IOException {
        int columns = layout.columnCount();
        int timeColumn = layout.timeColumn();
        int symbolColumn = layout.symbolColumn();
        int[] fieldOfColumn = layout.fieldOfColumn();
        while (lines.next()) {
            long line = lines.lineNumber();
            if (lines.lineError() != null) {
                if (!errors.add(line, lines.lineError())) {
                    return;
                }
                continue;
            }
            if (lines.fieldCount() != columns) {
                if (!errors.add(line, "expected " + columns + " fields (" + header + ") but found "
                        + lines.fieldCount())) {
                    return;
                }
                continue;
            }
            byte[] b = lines.buffer();
            int timestamp = builder.timestamp(b, lines.start(timeColumn), lines.length(timeColumn), line);
            int symbol = builder.symbol(b, lines.start(symbolColumn), lines.length(symbolColumn), line);
            boolean ok = timestamp >= 0 && symbol >= 0;
            builder.beginRow();
            for (int c = 0; c < columns; c++) {
                int field = fieldOfColumn[c];
                if (field >= 0) {
                    try {
                        builder.set(field, NumberParser.parse(b, lines.start(c), lines.length(c)));
                    } catch (NumberFormatException e) {
                        ok = false;
                        errors.add(line, PanelBuilder.column(layout.fields().get(field))
                                + PanelBuilder.quote(lines.field(c)) + " is not a number");
                    }
                }
            }
            if (ok) {
                builder.commitRow(timestamp, symbol, line);
            } else if (errors.isFull()) {
                return;
            }
        }
    }
}
