package io.quarry.connectors;

import io.quarry.dsl.panel.GroupLevel;
import io.quarry.dsl.panel.Groups;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipException;

/**
 * Reads the industry classification used by {@code indneutralize}: a CSV (possibly gzip-compressed)
 * with the header {@code symbol,sector}, {@code symbol,sector,industry} or
 * {@code symbol,sector,industry,subindustry} (any case) and one line per symbol. Fields may be quoted.
 *
 * <p>Every field must be non-empty and every symbol appear once; problems are reported as a
 * {@link DataFormatException} naming the file, line and column, up to 20 at a time.
 */
public final class GroupsReader {

    private GroupsReader() {
    }

    /**
     * @return a table with 1 to 3 levels, as many as the header has after {@code symbol}
     * @throws DataFormatException when the content is malformed
     * @throws IOException         when the file cannot be read
     */
    public static Groups read(Path file) throws IOException {
        String name = file.toString();
        ErrorLog errors = new ErrorLog(name, true);
        try (CsvLines lines = new CsvLines(BarsReader.openText(file))) {
            if (!lines.next()) {
                throw errors.fileProblem("empty file (expected a header line such as symbol,sector)");
            }
            List<String> given = fields(lines);
            List<String> header = given.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
            int levels = header.size() - 1;
            if (lines.lineError() != null || levels < 1 || levels > GroupLevel.values().length
                    || !header.equals(expectedHeader(levels))) {
                throw errors.lineProblem(lines.lineNumber(), "the header must be symbol,sector[,industry"
                        + "[,subindustry]]; header is: " + String.join(",", given));
            }
            Map<String, List<String>> bySymbol = new LinkedHashMap<>();
            Map<String, Long> lineOf = new HashMap<>();
            while (lines.next()) {
                long line = lines.lineNumber();
                String problem = problem(lines, header, lineOf, errors);
                if (problem != null) {
                    if (!errors.add(line, problem)) {
                        break;
                    }
                    continue;
                }
                List<String> row = fields(lines);
                bySymbol.put(row.get(0), row.subList(1, row.size()));
                lineOf.put(row.get(0), line);
            }
            errors.throwIfAny();
            if (bySymbol.isEmpty()) {
                throw errors.fileProblem("no data rows after the header");
            }
            return new Groups(bySymbol, levels);
        } catch (ZipException | EOFException e) {
            throw errors.fileProblem("corrupt or truncated gzip data (" + e.getMessage() + ")");
        }
    }

    /** What is wrong with the current line, or null. */
    private static String problem(CsvLines lines, List<String> header, Map<String, Long> lineOf, ErrorLog errors) {
        if (lines.lineError() != null) {
            return lines.lineError();
        }
        if (lines.fieldCount() != header.size()) {
            return "expected " + header.size() + " fields (" + String.join(",", header) + ") but found "
                    + lines.fieldCount();
        }
        for (int f = 0; f < header.size(); f++) {
            if (lines.length(f) == 0) {
                return PanelBuilder.column(header.get(f)) + "empty " + header.get(f);
            }
        }
        Long first = lineOf.get(lines.field(0));
        if (first != null) {
            return PanelBuilder.column("symbol") + "symbol " + lines.field(0) + " appears again; first at "
                    + errors.where(first);
        }
        return null;
    }

    private static List<String> expectedHeader(int levels) {
        List<String> expected = new ArrayList<>(List.of("symbol"));
        for (int l = 0; l < levels; l++) {
            expected.add(GroupLevel.values()[l].keyword());
        }
        return expected;
    }

    private static List<String> fields(CsvLines lines) {
        List<String> fields = new ArrayList<>();
        for (int f = 0; f < lines.fieldCount(); f++) {
            fields.add(lines.field(f));
        }
        return fields;
    }
}
