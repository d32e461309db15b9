package io.quarry.dsl.parse;

/**
 * Limits enforced while parsing and checking, so that no input can exhaust the stack or memory.
 *
 * @param maxDepth       deepest nesting of a formula's tree
 * @param maxNodes       most nodes in one formula
 * @param maxWindow      longest window or delay, in rows
 * @param maxDefinitions most alphas and labels in one file
 */
public record Limits(int maxDepth, int maxNodes, int maxWindow, int maxDefinitions) {

    /** 100 deep, 2,000 nodes, 5,000-row windows, 4,096 definitions per file. */
    public static final Limits DEFAULT = new Limits(100, 2_000, 5_000, 4_096);

    public Limits {
        if (maxDepth < 1 || maxNodes < 1 || maxWindow < 1 || maxDefinitions < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }
}
