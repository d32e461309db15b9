package io.quarry.connectors;

import io.quarry.dsl.panel.Panel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes evaluated alpha values in long format: {@code date,symbol,<alpha1>,<alpha2>,...} (the first
 * column is {@code time} when the calendar holds date-times), one line per (row, symbol) where the
 * symbol has a bar, ordered by timestamp then by the panel's symbol order.
 *
 * <p>The format follows the file name:
 * <ul>
 *   <li>{@code .csv} and {@code .csv.gz}: values rounded half-up to 10 significant digits (relative error
 *       at most 5e-10), in the shortest form without trailing zeros: plain for 1e-5 &lt;= |x| &lt; 1e15
 *       ({@code 0.5}, {@code -1}, {@code 0.00001234567891}), scientific otherwise ({@code 1.234567891e-6},
 *       {@code -2e20}), {@code Infinity}; NaN is an empty field. Java, pandas and C {@code strtod}
 *       read them all. Names holding commas or quotes are quoted. {@code .csv.gz} is a
 *       sequence of gzip members, formatted and compressed on two threads; any gzip reader reads it
 *       whole.</li>
 *   <li>{@code .arrow}: an Arrow IPC file with utf8 timestamp and symbol columns and float64 value
 *       columns, exact; NaN is null. Record batches of 65,536 rows.</li>
 * </ul>
 * A file left half-written by a failure is deleted.
 */
public final class AlphaValuesWriter {

    private AlphaValuesWriter() {
    }

    /**
     * @param out     the file to write; {@code .csv}, {@code .csv.gz} or {@code .arrow}
     * @param panel   the market the values were evaluated on (calendar, symbols, bars)
     * @param names   one name per column, distinct, not {@code symbol} nor the timestamp column's name
     * @param columns symbol-major values like the panel's fields (value of symbol s at row t at s*rows+t)
     * @param fromRow first row to write
     * @param toRow   row after the last one to write
     * @throws IllegalArgumentException when the extension is unknown, or names, columns or rows do not fit
     *                                  the panel
     */
    public static void write(Path out, Panel panel, List<String> names, List<double[]> columns,
                             int fromRow, int toRow) throws IOException {
        FileFormat format = FileFormat.forOutput(out);
        new LongTable(panel, names, columns, fromRow, toRow).write(out, format, CsvTableWriter.CellFormat.TEN_DIGITS);
    }
}
