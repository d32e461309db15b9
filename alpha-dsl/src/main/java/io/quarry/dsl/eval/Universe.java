package io.quarry.dsl.eval;

import io.quarry.dsl.panel.GroupLevel;
import io.quarry.dsl.panel.Groups;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The symbols the incremental evaluator has seen (indexed in order of first appearance; a symbol is
 * never forgotten, as in a panel holding it), the current step's field values by symbol index, and
 * what the cross-sectional operators need: the symbols in name order (a panel's order, so that
 * their sums run in the same order as in batch and give the same bits) and the group ids.
 */
final class Universe {

    private final Groups groups;
    private final List<String> names = new ArrayList<>();
    private final Map<String, Integer> index = new HashMap<>();
    /** Symbol indices in name order. */
    private int[] byName = new int[0];
    private final Map<GroupLevel, Grouping> groupings = new EnumMap<>(GroupLevel.class);
    private final Map<String, double[]> fieldRows = new LinkedHashMap<>();
    private int capacity;
    private double[] gathered = new double[0];
    private double[] result = new double[0];
    private CrossSectionKernels.RankScratch rankScratch = new CrossSectionKernels.RankScratch(0);

    Universe(Groups groups) {
        this.groups = groups;
    }

    /**
     * A copy with the same symbols, fields and capacity (the step's values are transient, not
     * copied).
     */
    Universe copy() {
        Universe copy = new Universe(groups);
        copy.capacity = capacity;
        copy.gathered = new double[capacity];
        copy.result = new double[capacity];
        copy.rankScratch = new CrossSectionKernels.RankScratch(capacity);
        copy.setFields(fieldRows.keySet());
        copy.register(names);
        return copy;
    }

    int size() {
        return names.size();
    }

    /** Room for this many symbols in every per-symbol array. */
    int capacity() {
        return capacity;
    }

    List<String> names() {
        return names;
    }

    /** The data fields, fixed by the stream's first cross-section. */
    void setFields(Set<String> fields) {
        for (String field : fields) {
            fieldRows.put(field, new double[capacity]);
        }
    }

    Set<String> fields() {
        return fieldRows.keySet();
    }

    /** The index of each symbol, registering the new ones. */
    int[] register(List<String> symbols) {
        int[] indices = new int[symbols.size()];
        int before = names.size();
        for (int i = 0; i < indices.length; i++) {
            String symbol = symbols.get(i);
            Integer s = index.get(symbol);
            if (s == null) {
                s = names.size();
                names.add(symbol);
                index.put(symbol, s);
            }
            indices[i] = s;
        }
        if (names.size() > before) {
            Integer[] order = new Integer[names.size()];
            for (int s = 0; s < order.length; s++) {
                order[s] = s;
            }
            Arrays.sort(order, Comparator.comparing(names::get));
            byName = Arrays.stream(order).mapToInt(Integer::intValue).toArray();
            groupings.clear();
            if (names.size() > capacity) {
                capacity = Math.max(names.size(), Math.max(16, capacity * 2));
                fieldRows.replaceAll((field, row) -> new double[capacity]);
                gathered = new double[capacity];
                result = new double[capacity];
                rankScratch = new CrossSectionKernels.RankScratch(capacity);
            }
        }
        return indices;
    }

    /** Loads a cross-section's values: NaN for symbols without a bar and for infinities. */
    void load(CrossSection bars, int[] indices) {
        int n = names.size();
        for (Map.Entry<String, double[]> field : fieldRows.entrySet()) {
            double[] row = field.getValue();
            Arrays.fill(row, 0, n, Double.NaN);
            double[] values = bars.fields().get(field.getKey());
            if (values != null) {
                for (int i = 0; i < indices.length; i++) {
                    row[indices[i]] = ElementKernels.finite(values[i]);
                }
            }
        }
    }

    double[] fieldRow(String field) {
        return fieldRows.get(field);
    }

    /** x in name order, in a scratch array valid until the next call. */
    double[] gather(double[] x) {
        int[] order = byName;
        for (int k = 0; k < order.length; k++) {
            gathered[k] = x[order[k]];
        }
        return gathered;
    }

    /** A scratch array for a kernel's name-ordered result. */
    /** Scratch arrays of {@code rank} for every symbol, reused from step to step. */
    CrossSectionKernels.RankScratch rankScratch() {
        return rankScratch;
    }

    double[] result() {
        return result;
    }

    /** Writes a name-ordered result back by symbol index. */
    void scatter(double[] named, double[] out) {
        int[] order = byName;
        for (int k = 0; k < order.length; k++) {
            out[order[k]] = named[k];
        }
    }

    /**
     * The symbols' groups at a level.
     *
     * @param ids   group id of each symbol, in name order (-1: no group)
     * @param count number of groups (ids are below it)
     */
    record Grouping(int[] ids, int count) {
    }

    Grouping grouping(GroupLevel level) {
        return groupings.computeIfAbsent(level, l -> {
            List<String> sorted = new ArrayList<>(byName.length);
            for (int s : byName) {
                sorted.add(names.get(s));
            }
            int[] ids = groups.groupIds(sorted, l);
            return new Grouping(ids, Arrays.stream(ids).max().orElse(-1) + 1);
        });
    }
}
