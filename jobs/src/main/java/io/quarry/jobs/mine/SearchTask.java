package io.quarry.jobs.mine;

/**
 * One search of a mining job: its index (the seed offset, and its order in the final selection) and budget.
 * Public, like the job's other records, so that Flink serializes it as a POJO rather than with Kryo.
 */
public record SearchTask(int index, int budget) {
}
