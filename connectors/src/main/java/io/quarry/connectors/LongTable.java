package io.quarry.connectors;

import io.quarry.dsl.panel.Panel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What the writers write: columns of a panel's shape in long format, one line per (row in
 * [fromRow, toRow), symbol with a bar there), by timestamp then by the panel's symbol order.
 *
 * @param panel   the calendar, symbols and bar mask
 * @param names   column names after the timestamp and symbol columns
 * @param columns symbol-major values, each of length rows * symbols
 * @param fromRow first row written
 * @param toRow   row after the last one written
 */
record LongTable(Panel panel, List<String> names, List<double[]> columns, int fromRow, int toRow) {

    LongTable {
        names = List.copyOf(names);
        columns = List.copyOf(columns);
        if (names.size() != columns.size()) {
            throw new IllegalArgumentException(names.size() + " names but " + columns.size() + " columns");
        }
        if (fromRow < 0 || fromRow > toRow || toRow > panel.rows()) {
            throw new IllegalArgumentException("rows [" + fromRow + ", " + toRow + ") are not within [0, "
                    + panel.rows() + ")");
        }
        int cells = panel.rows() * panel.symbolCount();
        // Compared as the reader sees them: lower-cased, and never a timestamp or symbol column name.
        Set<String> seen = new HashSet<>(BarsLayout.TIME_NAMES);
        seen.add("symbol");
        for (int c = 0; c < names.size(); c++) {
            if (names.get(c).isEmpty() || !seen.add(names.get(c).toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("column name '" + names.get(c) + "' is empty, repeated,"
                        + " or one of symbol, " + String.join(", ", BarsLayout.TIME_NAMES));
            }
            if (columns.get(c).length != cells) {
                throw new IllegalArgumentException("column '" + names.get(c) + "' has " + columns.get(c).length
                        + " values, expected " + cells + " (rows x symbols)");
            }
        }
    }

    /** {@code date} when the calendar holds dates, {@code time} when it holds date-times. */
    String timeColumn() {
        return timeColumn(panel);
    }

    private static String timeColumn(Panel panel) {
        return panel.rows() > 0 && !Timestamps.isDate(panel.timestamps().get(0)) ? "time" : "date";
    }

    /**
     * Writes the table as CSV, gzip-compressed CSV or Arrow; a file left
     * half-written by a failure is deleted.
     *
     * @param csvFormat how CSV output writes numbers
     */
    void write(Path out, FileFormat format, CsvTableWriter.CellFormat csvFormat) throws IOException {
        try {
            if (format == FileFormat.ARROW_FILE) {
                ArrowTableWriter.write(out, this);
            } else {
                CsvTableWriter.write(out, this, csvFormat, format == FileFormat.CSV_GZ);
            }
        } catch (IOException | RuntimeException | Error e) {
            try {
                Files.deleteIfExists(out);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** The header names: timestamp, symbol, then the columns. */
    List<String> header() {
        return Stream.concat(Stream.of(timeColumn(), "symbol"), names.stream()).toList();
    }
}
