package io.quarry.connectors;

import io.quarry.dsl.panel.Panel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a panel's bars in the long format {@link BarsReader} reads: {@code date} (or {@code time} for
 * date-times), {@code symbol}, then each field, one line per bar, by timestamp then symbol.
 *
 * <p>The format follows the file name: {@code .csv}, {@code .csv.gz} or {@code .arrow}. Values are
 * exact in every format: CSV writes integers as such and other numbers as {@link Double#toString},
 * which reads back to the same double; NaN is an empty field (null in Arrow). Reading the file back
 * gives the same panel, provided every timestamp and every symbol has at least one bar (the long format
 * cannot say that a symbol or a day exists without one). A file left half-written by a failure is
 * deleted.
 */
public final class BarsWriter {

    private BarsWriter() {
    }

    /**
     * @param out   the file to write; {@code .csv}, {@code .csv.gz} or {@code .arrow}
     * @param panel the bars to write (all fields, all rows)
     * @throws IllegalArgumentException when the extension is unknown
     */
    public static void write(Path out, Panel panel) throws IOException {
        FileFormat format = FileFormat.forOutput(out);
        List<String> names = new ArrayList<>(panel.fieldNames());
        List<double[]> columns = names.stream().map(panel::values).toList();
        new LongTable(panel, names, columns, 0, panel.rows()).write(out, format, CsvTableWriter.CellFormat.EXACT);
    }
}
