package io.quarry.connectors.kafka;

import io.quarry.dsl.panel.Panel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values topic read back into columns over a market's calendar, the shape
 * {@link io.quarry.connectors.AlphaValuesWriter} writes (so stream and batch output compare line by line).
 *
 * @param alphas     the alphas, in the order asked for, then any others in order of appearance
 * @param columns    symbol-major values per alpha ({@code s * rows + t}); NaN where no value arrived
 * @param records    values records read
 * @param values     alpha values read (a record holds several)
 * @param duplicates values that arrived more than once for the same time, symbol and alpha
 * @param outside    values for a time or symbol the market does not have
 */
public record ValuesReadBack(List<String> alphas, List<double[]> columns, long records, long values,
                             long duplicates, long outside) {

    /**
     * @param panel the market that was replayed
     * @param order alpha names to put first, in this order
     * @param raw   the values topic's records (see {@link TopicReader#readAll})
     */
    public static ValuesReadBack of(Panel panel, List<String> order, List<byte[]> raw) {
        Map<String, Integer> rowOf = new HashMap<>();
        for (int t = 0; t < panel.rows(); t++) {
            rowOf.put(panel.timestamps().get(t), t);
        }
        int cells = panel.rows() * panel.symbolCount();
        Map<String, double[]> columns = new LinkedHashMap<>();
        Map<String, boolean[]> seen = new HashMap<>();
        for (String name : order) {
            column(columns, seen, name, cells);
        }
        long values = 0;
        long duplicates = 0;
        long outside = 0;
        for (byte[] record : raw) {
            StreamJson.Values v = StreamJson.values(record);
            Integer t = rowOf.get(v.time());
            int s = panel.symbolIndex(v.symbol());
            for (int i = 0; i < v.alphas().length; i++) {
                values++;
                if (t == null || s < 0) {
                    outside++;
                    continue;
                }
                double[] column = column(columns, seen, v.alphas()[i], cells);
                boolean[] mark = seen.get(v.alphas()[i]);
                int cell = s * panel.rows() + t;
                if (mark[cell]) {
                    duplicates++;
                }
                mark[cell] = true;
                column[cell] = v.values()[i];
            }
        }
        return new ValuesReadBack(List.copyOf(columns.keySet()), List.copyOf(new ArrayList<>(columns.values())),
                raw.size(), values, duplicates, outside);
    }

    private static double[] column(Map<String, double[]> columns, Map<String, boolean[]> seen, String name, int cells) {
        return columns.computeIfAbsent(name, n -> {
            seen.put(n, new boolean[cells]);
            double[] c = new double[cells];
            Arrays.fill(c, Double.NaN);
            return c;
        });
    }
}
