package io.quarry.jobs.stream;

import io.quarry.connectors.kafka.StreamBar;
import io.quarry.dsl.eval.CrossSection;
import io.quarry.dsl.eval.IncrementalEvaluator;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The keyed state of one alpha group: its evaluator (alphas, retained bars, window state) and the bars
 * of cross-sections the watermark has not passed yet, by event time. Mutable; Flink copies it with
 * {@link #copy()} when a checkpoint needs a stable view.
 */
final class GroupState {

    final IncrementalEvaluator evaluator;
    /** By event time, then by symbol in arrival order. */
    final TreeMap<Long, Map<String, StreamBar>> pending;

    GroupState(IncrementalEvaluator evaluator, TreeMap<Long, Map<String, StreamBar>> pending) {
        this.evaluator = evaluator;
        this.pending = pending;
    }

    /** Adds a bar; a repeated bar replaces the earlier one in its place, as a correction would. */
    void add(StreamBar bar) {
        pending.computeIfAbsent(bar.eventTime(), t -> new LinkedHashMap<>()).put(bar.symbol(), bar);
    }

    GroupState copy() {
        TreeMap<Long, Map<String, StreamBar>> p = new TreeMap<>();
        pending.forEach((t, bars) -> p.put(t, new LinkedHashMap<>(bars)));
        return new GroupState(evaluator.copy(), p);
    }

    /**
     * The evaluator's input for one timestamp's bars: field columns over the union of their fields,
     * symbols sorted (arrival order differs between subtasks; every group must list them alike).
     */
    static CrossSection crossSection(Collection<StreamBar> unordered) {
        List<StreamBar> bars = new ArrayList<>(unordered);
        bars.sort(java.util.Comparator.comparing(StreamBar::symbol));
        List<String> symbols = new ArrayList<>(bars.size());
        Map<String, double[]> fields = new LinkedHashMap<>();
        for (int i = 0; i < bars.size(); i++) {
            StreamBar bar = bars.get(i);
            symbols.add(bar.symbol());
            for (int f = 0; f < bar.fields().length; f++) {
                fields.computeIfAbsent(bar.fields()[f], name -> {
                    double[] column = new double[bars.size()];
                    java.util.Arrays.fill(column, Double.NaN);
                    return column;
                })[i] = bar.values()[f];
            }
        }
        return new CrossSection(bars.get(0).time(), symbols, fields);
    }
}
