package io.quarry.jobs.stream;

import java.io.Serializable;
import java.util.Arrays;
import java.util.stream.Collectors;
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
    private final int parallelism;

    AlphaGroupKeys(int groups, int parallelism, int maxParallelism) {
        this.parallelism = parallelism;
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

    /**
     * The layout as text, e.g. {@code "4 alpha groups over parallelism 2, keys 0,1,2,4"}: state saved under
     * one layout is found again only under an equal one.
     */
    String layout() {
        return keys.length + " alpha groups over parallelism " + parallelism + ", keys "
                + Arrays.stream(keys).mapToObj(String::valueOf).collect(Collectors.joining(","));
    }

    @Override
    public String toString() {
        return "AlphaGroupKeys" + Arrays.toString(keys);
    }
}
