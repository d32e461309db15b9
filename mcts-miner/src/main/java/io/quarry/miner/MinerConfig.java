package io.quarry.miner;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How to mine.
 *
 * @param method        the search method
 * @param budget        candidate evaluations (new, checked formulas evaluated on the data), >= 1
 * @param poolCapacity  the pool's K, >= 1
 * @param seed          the seed: the same seed and data give the same result
 * @param batchSize     formulas proposed and evaluated together (one merged evaluation graph)
 * @param maxLength     most tokens of a formula in reverse Polish notation
 * @param cacheBytes    memory for the cross-candidate subexpression cache
 * @param parallelism   threads for evaluation and scoring
 * @param network       whether MCTS trains and uses its policy/value network
 * @param windows       the window lengths the search may use, ascending ({@link Vocabulary#WINDOWS} by default)
 * @param fields        the data fields the search may use, each once ({@link Vocabulary#FIELDS} by default)
 */
public record MinerConfig(Method method, int budget, int poolCapacity, long seed, int batchSize, int maxLength,
                          long cacheBytes, int parallelism, boolean network, List<Integer> windows,
                          List<String> fields) {

    /** The search methods. */
    public enum Method {
        MCTS, PPO, GP, RANDOM;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The method named (any case), e.g. {@code mcts}. */
        public static Method parse(String name) {
            for (Method m : values()) {
                if (m.label().equalsIgnoreCase(name)) {
                    return m;
                }
            }
            throw new IllegalArgumentException("unknown method '" + name + "': use mcts, ppo, gp or random");
        }
    }

    public static final int DEFAULT_BATCH = 32;
    public static final int DEFAULT_MAX_LENGTH = 15;

    public MinerConfig {
        if (budget < 1) {
            throw new IllegalArgumentException("the budget must be at least 1 evaluation, got " + budget);
        }
        if (poolCapacity < 1) {
            throw new IllegalArgumentException("the pool capacity must be at least 1, got " + poolCapacity);
        }
        if (batchSize < 1 || maxLength < 2 || parallelism < 1 || cacheBytes < 0) {
            throw new IllegalArgumentException("batch, length, parallelism and cache must be positive");
        }
        windows = List.copyOf(windows);
        if (windows.isEmpty()) {
            throw new IllegalArgumentException("the search needs at least one window length");
        }
        for (int i = 0; i < windows.size(); i++) {
            int w = windows.get(i);
            if (w < 1) {
                throw new IllegalArgumentException("a window is at least 1 row, got " + w);
            }
            if (i > 0 && w == windows.get(i - 1)) {
                throw new IllegalArgumentException(w + " is given twice");
            }
            if (i > 0 && w < windows.get(i - 1)) {
                throw new IllegalArgumentException("window lengths must be in ascending order, got " + windows);
            }
        }
        fields = List.copyOf(fields);
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("the search needs at least one field");
        }
        Set<String> seen = new HashSet<>();
        for (String f : fields) {
            if (!seen.add(f)) {
                throw new IllegalArgumentException(f + " is given twice");
            }
        }
    }

    /** The defaults: batches of 32, formulas of up to 15 tokens, a cache of a quarter of the heap, every core. */
    public static MinerConfig of(Method method, int budget, int poolCapacity, long seed) {
        return new MinerConfig(method, budget, poolCapacity, seed, DEFAULT_BATCH, DEFAULT_MAX_LENGTH,
                Runtime.getRuntime().maxMemory() / 4, Runtime.getRuntime().availableProcessors(), true,
                Vocabulary.WINDOWS, Vocabulary.FIELDS);
    }

    /**
     * The configuration of search {@code index} of {@code searches} run side by side (root-parallel
     * searches): seed + index, an equal share of the budget (the first searches one more when it does
     * not divide) and of the cache, and one thread, since each search has a core of its own.
     *
     * @throws IllegalArgumentException when the budget cannot give each search one evaluation
     */
    public MinerConfig searchOf(int index, int searches) {
        requireShares(budget, searches);
        if (index < 0 || index >= searches) {
            throw new IllegalArgumentException("search " + index + " of " + searches);
        }
        int share = budget / searches + (index < budget % searches ? 1 : 0);
        return new MinerConfig(method, share, poolCapacity, seed + index, batchSize, maxLength, cacheBytes / searches,
                1, network, windows, fields);
    }

    /** @throws IllegalArgumentException unless {@code budget} gives each of {@code searches} searches an evaluation */
    public static void requireShares(int budget, int searches) {
        if (searches < 1) {
            throw new IllegalArgumentException("--parallelism must be at least 1 search, got " + searches);
        }
        if (budget < searches) {
            throw new IllegalArgumentException("a budget of " + budget + " cannot be shared by " + searches
                    + " searches: give each at least one evaluation");
        }
    }

    public MinerConfig withNetwork(boolean on) {
        return new MinerConfig(method, budget, poolCapacity, seed, batchSize, maxLength, cacheBytes, parallelism, on,
                windows, fields);
    }

    /** This configuration searching with the given window lengths (ascending, each once). */
    public MinerConfig withWindows(List<Integer> lengths) {
        return new MinerConfig(method, budget, poolCapacity, seed, batchSize, maxLength, cacheBytes, parallelism,
                network, lengths, fields);
    }

    /** This configuration searching over the given data fields (each once; their order is the tokens'). */
    public MinerConfig withFields(List<String> names) {
        return new MinerConfig(method, budget, poolCapacity, seed, batchSize, maxLength, cacheBytes, parallelism,
                network, windows, names);
    }
}
