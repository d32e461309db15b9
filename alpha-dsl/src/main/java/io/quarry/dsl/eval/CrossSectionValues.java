package io.quarry.dsl.eval;

import java.util.List;

/**
 * The output of one {@link IncrementalEvaluator#step}: every active alpha's value for every symbol
 * with a bar in the cross-section (NaN where the alpha is undefined there).
 *
 * @param timestamp  the cross-section's timestamp
 * @param symbols    the symbols of the cross-section, in its order
 * @param alphaNames the active alphas, in insertion order
 * @param values     {@code values[a][i]}: alpha {@code alphaNames.get(a)} for {@code symbols.get(i)};
 *                   fresh arrays owned by the receiver
 */
public record CrossSectionValues(String timestamp, List<String> symbols, List<String> alphaNames, double[][] values) {

    public CrossSectionValues {
        symbols = List.copyOf(symbols);
        alphaNames = List.copyOf(alphaNames);
        if (values.length != alphaNames.size()) {
            throw new IllegalArgumentException(values.length + " value rows for " + alphaNames.size() + " alphas");
        }
    }

    /** One alpha's values, in {@link #symbols()} order. */
    public double[] valuesOf(String alphaName) {
        int a = alphaNames.indexOf(alphaName);
        if (a < 0) {
            throw new IllegalArgumentException("no active alpha named " + alphaName + " (active: " + alphaNames + ")");
        }
        return values[a];
    }
}
