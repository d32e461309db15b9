package io.quarry.dsl.eval;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One complete cross-section of the market: the bars of every symbol that has one at a timestamp,
 * the input of {@link IncrementalEvaluator#step}.
 *
 * <p>Column form: {@code fields.get(f)[i]} is field {@code f} of {@code symbols.get(i)}. NaN (or an
 * infinity) is a missing value; a symbol listed here has a bar even when all its fields are NaN
 * (exactly as a panel's bar mask). Field names are lower case ({@code open high low close volume},
 * optionally {@code vwap}, {@code cap} or any other numeric column).
 *
 * <p>Immutable: the constructor copies the symbol list and the arrays; {@link #fields()} hands out
 * the copies, which callers must never write.
 *
 * @param timestamp ISO-8601 date or date-time; a stream's timestamps strictly increase (string order)
 * @param symbols   the symbols with a bar, distinct
 * @param fields    field name to one value per symbol, in {@code symbols} order
 */
public record CrossSection(String timestamp, List<String> symbols, Map<String, double[]> fields) {

    public CrossSection {
        Objects.requireNonNull(timestamp, "timestamp");
        symbols = List.copyOf(symbols);
        Set<String> seen = new HashSet<>();
        for (String symbol : symbols) {
            if (!seen.add(symbol)) {
                throw new IllegalArgumentException("duplicate symbol " + symbol + " in the cross-section at " + timestamp);
            }
        }
        Map<String, double[]> copy = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> field : fields.entrySet()) {
            double[] values = field.getValue();
            if (values.length != symbols.size()) {
                throw new IllegalArgumentException("field '" + field.getKey() + "' at " + timestamp + " has "
                        + values.length + " values for " + symbols.size() + " symbols");
            }
            if (copy.put(field.getKey().toLowerCase(Locale.ROOT), values.clone()) != null) {
                throw new IllegalArgumentException("field '" + field.getKey() + "' given twice at " + timestamp);
            }
        }
        fields = Collections.unmodifiableMap(copy);
    }

    /**
     * A cross-section from bars keyed by symbol, each a map of field values (a null value is
     * missing). The fields are the union over the bars; a bar without one of them has NaN there.
     */
    public static CrossSection of(String timestamp, Map<String, Map<String, Double>> bars) {
        List<String> symbols = List.copyOf(bars.keySet());
        Set<String> names = new TreeSet<>();
        bars.values().forEach(bar -> names.addAll(bar.keySet()));
        Map<String, double[]> fields = new LinkedHashMap<>();
        for (String name : names) {
            double[] values = new double[symbols.size()];
            for (int i = 0; i < values.length; i++) {
                Double v = bars.get(symbols.get(i)).get(name);
                values[i] = v == null ? Double.NaN : v;
            }
            fields.put(name, values);
        }
        return new CrossSection(timestamp, symbols, fields);
    }

    /** Number of symbols with a bar. */
    public int size() {
        return symbols.size();
    }
}
