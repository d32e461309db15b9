package io.quarry.jobs.stream;

import java.io.Serializable;
import java.util.Arrays;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;

/**
 * The keys of the alpha groups. Flink hashes keys to subtasks, and small integers can collide (two
 * groups on one subtask, another idle), so group {@code g}'s key is chosen to land on subtask
 * {@code g mod parallelism}: the groups spread evenly over the subtasks. An alpha's group is a hash of
 * its name.
 */
final class AlphaGroupKeys implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int[] keys;

    AlphaGroupKeys(int groups, int parallelism, int maxParallelism) {
        keys = new int[groups];
        int candidate = 0;
        for (int g = 0; g < groups; g++) {
            int target = g % parallelism;
            while (KeyGroupRangeAssignment.assignKeyToParallelOperator(candidate, maxParallelism, parallelism) != target) {
                candidate++;
            }
            keys[g] = candidate++;
        }
    }

    int groups() {
        return keys.length;
    }

    int key(int group) {
        return keys[group];
    }

    /** The group of a key, or -1. */
    int groupOfKey(int key) {
        for (int g = 0; g < keys.length; g++) {
            if (keys[g] == key) {
                return g;
            }
        }
        return -1;
    }

    /** The group an alpha belongs to. */
    int groupOf(String alphaName) {
        return Math.floorMod(alphaName.hashCode(), keys.length);
    }

    @Override
    public String toString() {
        return "AlphaGroupKeys" + Arrays.toString(keys);
    }
}
