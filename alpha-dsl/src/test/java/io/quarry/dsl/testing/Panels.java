package io.quarry.dsl.testing;

import io.quarry.dsl.panel.Groups;
import io.quarry.dsl.panel.Panel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Small and random panels for tests. */
public final class Panels {

    private Panels() {
    }

    /** Dates 2020-01-01, 2020-01-02, ... (calendar days; the calendar is whatever the data has). */
    public static List<String> dates(int rows) {
        List<String> dates = new ArrayList<>();
        java.time.LocalDate day = java.time.LocalDate.of(2020, 1, 1);
        for (int t = 0; t < rows; t++) {
            dates.add(day.plusDays(t).toString());
        }
        return dates;
    }

    public static List<String> symbols(int n) {
        List<String> symbols = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            symbols.add("S" + s);
        }
        return symbols;
    }

    /**
     * A panel from time-major rows: {@code byField.get(f)[t][s]}. A symbol has a bar where its close
     * is not NaN.
     */
    public static Panel of(Map<String, double[][]> byField, Groups groups) {
        double[][] close = byField.get("close");
        int rows = close.length;
        int n = close[0].length;
        Map<String, double[]> fields = new LinkedHashMap<>();
        byField.forEach((name, m) -> fields.put(name, symbolMajor(m)));
        boolean[] hasBar = new boolean[rows * n];
        for (int s = 0; s < n; s++) {
            for (int t = 0; t < rows; t++) {
                hasBar[s * rows + t] = !Double.isNaN(close[t][s]);
            }
        }
        return new Panel(dates(rows), symbols(n), fields, hasBar, groups);
    }

    private static double[] symbolMajor(double[][] m) {
        int rows = m.length;
        int n = m[0].length;
        double[] out = new double[rows * n];
        for (int t = 0; t < rows; t++) {
            for (int s = 0; s < n; s++) {
                out[s * rows + t] = m[t][s];
            }
        }
        return out;
    }

    /**
     * A random market: geometric random walks with open/high/low/close/volume, a few symbols listing
     * late, halting for a while, or missing a single price; sectors in three groups.
     */
    public static Panel random(int rows, int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        String[] names = {"open", "high", "low", "close", "volume"};
        double[][][] f = new double[names.length][rows][n];
        for (int s = 0; s < n; s++) {
            double price = 20 + 80 * random.nextDouble();
            int listed = s % 7 == 3 ? random.nextInt(rows / 2) : 0;
            int haltFrom = s % 11 == 5 ? random.nextInt(rows) : -1;
            for (int t = 0; t < rows; t++) {
                boolean bar = t >= listed && (haltFrom < 0 || t < haltFrom || t >= haltFrom + 4);
                double open = price * (1 + 0.01 * gaussian(random));
                price *= 1 + 0.02 * gaussian(random);
                double high = Math.max(open, price) * (1 + 0.005 * random.nextDouble());
                double low = Math.min(open, price) * (1 - 0.005 * random.nextDouble());
                // Volume rounded to lots of 100 so that exact ties occur, as in real data.
                double volume = 100 * Math.floor(1e4 * Math.exp(gaussian(random)));
                double[] v = {open, high, low, price, volume};
                for (int k = 0; k < names.length; k++) {
                    f[k][t][s] = bar ? v[k] : Double.NaN;
                }
                if (bar && random.nextInt(500) == 0) {
                    f[0][t][s] = Double.NaN;
                }
            }
        }
        Map<String, double[][]> byField = new LinkedHashMap<>();
        for (int k = 0; k < names.length; k++) {
            byField.put(names[k], f[k]);
        }
        Map<String, List<String>> sectors = new LinkedHashMap<>();
        for (int s = 0; s < n; s++) {
            if (s != 1) {
                sectors.put("S" + s, List.of("G" + (s % 3)));
            }
        }
        return of(byField, new Groups(sectors, 1));
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
