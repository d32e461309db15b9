package io.quarry.jobs.mine;

import io.quarry.miner.MinerConfig;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * What a mining job does.
 *
 * @param data        bars file every subtask reads (CSV, CSV.gz or Arrow IPC; on a cluster, a path each
 *                    TaskManager can read)
 * @param groups      the groups CSV, or null
 * @param trainTo     last training day
 * @param validTo     last valid day
 * @param testTo      last test day (the final pool is scored on the days after {@code validTo} up to it), or null
 * @param method      the search method
 * @param budget      candidate evaluations of all searches together
 * @param pool        pool capacity
 * @param seed        search i uses seed + i
 * @param parallelism searches run side by side, one per slot
 * @param publish     where the pool goes as it improves, or null
 * @param timeLimit   how long each search may run before it stops where it is, or null for no limit
 * @param stopFile    a path whose appearance stops each search where it is (on a cluster, a path every
 *                    TaskManager can read), or null
 * @param fields      the data fields the searches use
 * @param windows     the window lengths the searches use, ascending
 */
public record MiningSettings(String data, String groups, String trainTo, String validTo, String testTo,
                             MinerConfig.Method method,
                             int budget, int pool, long seed, int parallelism, Publish publish, Duration timeLimit,
                             String stopFile, List<String> fields, List<Integer> windows) implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * A streaming job's control topic: each formula that joins the global pool is submitted there as
     * it arrives, one that leaves it is removed, and the final pool replaces them all at the end.
     *
     * @param source the control messages' source name (the stream's status topic reports it)
     */
    public record Publish(String bootstrap, String controlTopic, String source) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    public MiningSettings {
        fields = List.copyOf(fields);
        windows = List.copyOf(windows);
        MinerConfig.requireShares(budget, parallelism);
        if (pool < 1) {
            throw new IllegalArgumentException("the pool capacity must be at least 1, got " + pool);
        }
    }

    /** The configuration of search {@code index}: its share of the budget, one thread, since each search has its own slot. */
    MinerConfig searchConfig(int index) {
        return selectionConfig().searchOf(index, parallelism);
    }

    /**
     * The configuration the final selection runs with: the job's seed and whole budget, and every core
     * of its machine (the searches are done by then; the selection's result does not depend on threads).
     */
    MinerConfig selectionConfig() {
        return MinerConfig.of(method, budget, pool, seed).withFields(fields).withWindows(windows);
    }
}
