package io.quarry.jobs.stream;

import io.quarry.connectors.kafka.StreamBar;

/** A bar on its way to one alpha group; {@code key} is the group's key (see {@link AlphaGroupKeys}). */
public record Routed(int key, StreamBar bar) {
}
