package io.quarry.dsl.eval;

import io.quarry.dsl.panel.Groups;
import io.quarry.dsl.panel.Panel;
import io.quarry.dsl.testing.SharedData;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;

/**
 * The shared S&P 500 panel ({@code date,symbol,open,high,low,close,volume}, empty = missing) read
 * the way the connectors' reader builds panels (sorted calendar, sorted symbols), without depending
 * on that module, plus a synthetic {@code cap} so that all 101 WQ alphas evaluate: close times a
 * per-symbol share count that changes a little every 50 rows.
 */
final class SharedPanel {

    private static final String[] FIELDS = {"open", "high", "low", "close", "volume"};

    private SharedPanel() {
    }

    /** The bars dated in [from, to] (ISO dates, inclusive). */
    static Panel load(String from, String to) {
        try {
            return read(SharedData.file("sp500_2013_2016.csv.gz"), SharedData.file("sp500_sectors.csv"), from, to);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Panel read(Path bars, Path sectors, String from, String to) throws IOException {
        List<String[]> lines = new ArrayList<>();
        TreeSet<String> dates = new TreeSet<>();
        TreeSet<String> symbols = new TreeSet<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(bars)), StandardCharsets.UTF_8))) {
            in.readLine();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String[] cells = line.split(",", -1);
                if (cells[0].compareTo(from) < 0 || cells[0].compareTo(to) > 0) {
                    continue;
                }
                lines.add(cells);
                dates.add(cells[0]);
                symbols.add(cells[1]);
            }
        }
        List<String> calendar = List.copyOf(dates);
        List<String> universe = List.copyOf(symbols);
        Map<String, Integer> row = index(calendar);
        Map<String, Integer> column = index(universe);
        int rows = calendar.size();
        int cells = rows * universe.size();
        Map<String, double[]> fields = new LinkedHashMap<>();
        for (String f : FIELDS) {
            double[] v = new double[cells];
            Arrays.fill(v, Double.NaN);
            fields.put(f, v);
        }
        boolean[] hasBar = new boolean[cells];
        for (String[] cellsOfLine : lines) {
            int i = column.get(cellsOfLine[1]) * rows + row.get(cellsOfLine[0]);
            hasBar[i] = true;
            for (int k = 0; k < FIELDS.length; k++) {
                String text = cellsOfLine[2 + k];
                fields.get(FIELDS[k])[i] = text.isEmpty() ? Double.NaN : Double.parseDouble(text);
            }
        }
        double[] close = fields.get("close");
        double[] cap = new double[cells];
        for (int s = 0; s < universe.size(); s++) {
            double shares = 1e8 * (1 + (universe.get(s).hashCode() & 0xFF));
            for (int t = 0; t < rows; t++) {
                cap[s * rows + t] = close[s * rows + t] * shares * (1 + 0.001 * (t / 50));
            }
        }
        fields.put("cap", cap);
        Map<String, List<String>> groups = new HashMap<>();
        List<String> sectorLines = Files.readAllLines(sectors, StandardCharsets.UTF_8);
        for (String line : sectorLines.subList(1, sectorLines.size())) {
            String[] cellsOfLine = line.split(",", 2);
            groups.put(cellsOfLine[0], List.of(cellsOfLine[1]));
        }
        return new Panel(calendar, universe, fields, hasBar, new Groups(groups, 1));
    }

    private static Map<String, Integer> index(List<String> names) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            index.put(names.get(i), i);
        }
        return index;
    }
}
