package io.quarry.dsl.panel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The symbol -> sector[, industry, subindustry] table used by {@code indneutralize}.
 *
 * <p>A table may know fewer levels than asked for: a level it lacks falls back to the finest level
 * it has (see {@link #effectiveLevel(GroupLevel)}); callers warn once about it.
 */
public final class Groups {

    private static final Groups NONE = new Groups(Map.of(), 0);

    private final Map<String, List<String>> bySymbol;
    private final int levels;

    /**
     * @param bySymbol symbol to its classification, coarsest first; every list has {@code levels} entries
     * @param levels   how many levels the table has (1 = sector only, 3 = down to subindustry)
     */
    public Groups(Map<String, List<String>> bySymbol, int levels) {
        if (levels < 0 || levels > GroupLevel.values().length) {
            throw new IllegalArgumentException("levels must be 0..3, got " + levels);
        }
        Map<String, List<String>> copy = new HashMap<>();
        bySymbol.forEach((symbol, classes) -> {
            if (classes.size() != levels) {
                throw new IllegalArgumentException("symbol " + symbol + " has " + classes.size()
                        + " group levels, expected " + levels);
            }
            copy.put(symbol, List.copyOf(classes));
        });
        this.bySymbol = Collections.unmodifiableMap(copy);
        this.levels = levels;
    }

    /** The empty table: every symbol is ungrouped. */
    public static Groups none() {
        return NONE;
    }

    /** Number of levels the table knows (0 for {@link #none()}). */
    public int levels() {
        return levels;
    }

    public boolean isEmpty() {
        return levels == 0;
    }

    /** The level actually used for {@code requested}: itself, or the finest level the table has. */
    public GroupLevel effectiveLevel(GroupLevel requested) {
        if (levels == 0 || requested.ordinal() < levels) {
            return requested;
        }
        return GroupLevel.values()[levels - 1];
    }

    /** The group of a symbol at a level (after fallback), or null when the symbol is not in the table. */
    public String groupOf(String symbol, GroupLevel level) {
        List<String> classes = bySymbol.get(symbol);
        if (classes == null || levels == 0) {
            return null;
        }
        return classes.get(effectiveLevel(level).ordinal());
    }

    /**
     * Dense group ids for a list of symbols at a level: {@code ids[s]} in 0..count-1, or -1 for a
     * symbol with no group.
     */
    public int[] groupIds(List<String> symbols, GroupLevel level) {
        int[] ids = new int[symbols.size()];
        Arrays.fill(ids, -1);
        Map<String, Integer> idOf = new HashMap<>();
        List<String> names = new ArrayList<>();
        for (int s = 0; s < symbols.size(); s++) {
            String group = groupOf(symbols.get(s), level);
            if (group != null) {
                ids[s] = idOf.computeIfAbsent(group, g -> {
                    names.add(g);
                    return names.size() - 1;
                });
            }
        }
        return ids;
    }

    @Override
    public String toString() {
        return "Groups[" + bySymbol.size() + " symbols, " + levels + " levels]";
    }
}
