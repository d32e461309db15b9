package io.quarry.evaluator;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The weights of the composite score: for each metric (names as in the JSON), the weight of its
 * z-score across the alphas compared. A metric not in the map weighs 0.
 *
 * <p>Defaults ({@link #defaults()}), and why:
 * <ul>
 *   <li>{@code pps} 1: predictive power, the point of an alpha. PPS already averages IC and RankIC,
 *       so {@code ic} and {@code rank_ic} weigh 0 to avoid counting it three times.</li>
 *   <li>{@code rank_icir} 1: consistency of the prediction day to day; the rank form is not driven by
 *       a few outliers. {@code icir} weighs 0 for the same double-counting reason.</li>
 *   <li>{@code rre}, {@code pfs}, {@code logic} 0.5 each: stability, robustness and plausibility are
 *       AlphaEval's other per-alpha dimensions; they separate alphas of similar power but should not
 *       outrank power itself.</li>
 * </ul>
 *
 * @param byMetric metric name to weight, finite numbers
 */
public record CompositeWeights(Map<String, Double> byMetric) {

    /** The metrics, in the order of the JSON. */
    public static final List<String> METRICS = List.of("ic", "rank_ic", "icir", "rank_icir", "pps", "rre", "pfs",
            "logic");

    public CompositeWeights {
        Map<String, Double> copy = new LinkedHashMap<>();
        for (String metric : METRICS) {
            copy.put(metric, 0.0);
        }
        byMetric.forEach((metric, weight) -> {
            if (!METRICS.contains(metric)) {
                throw unknown(metric);
            }
            if (weight == null || !Double.isFinite(weight)) {
                throw new IllegalArgumentException("the weight of '" + metric + "' must be a finite number, got "
                        + weight);
            }
            copy.put(metric, weight);
        });
        byMetric = Collections.unmodifiableMap(copy);
    }

    /** pps 1, rank_icir 1, rre 0.5, pfs 0.5, logic 0.5; ic, rank_ic and icir 0 (see the class doc). */
    public static CompositeWeights defaults() {
        return new CompositeWeights(Map.of("pps", 1.0, "rank_icir", 1.0, "rre", 0.5, "pfs", 0.5, "logic", 0.5));
    }

    /**
     * The defaults with some weights replaced: {@code "rank_ic=2,pfs=0.5"} (spaces allowed, empty
     * text = the defaults).
     *
     * @throws IllegalArgumentException naming an unknown metric, or an entry that is not
     *                                  {@code metric=number}
     */
    public static CompositeWeights parse(String text) {
        Map<String, Double> weights = new LinkedHashMap<>(defaults().byMetric());
        for (String entry : text.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("expected metric=weight in the weights, got '" + entry.trim() + "'");
            }
            String metric = entry.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String value = entry.substring(eq + 1).trim();
            if (!METRICS.contains(metric)) {
                throw unknown(metric);
            }
            double weight;
            try {
                weight = Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the weight of '" + metric + "' is not a number: '" + value + "'");
            }
            weights.put(metric, weight);
        }
        return new CompositeWeights(weights);
    }

    /** The weight of a metric (0 when not set). */
    public double weight(String metric) {
        Double w = byMetric.get(metric);
        if (w == null) {
            throw unknown(metric);
        }
        return w;
    }

    private static IllegalArgumentException unknown(String metric) {
        return new IllegalArgumentException("unknown metric '" + metric + "' in the weights (metrics: "
                + String.join(", ", METRICS) + ")");
    }
}
