package io.quarry.jobs.stream;

import io.quarry.connectors.kafka.StreamBar;

/**
 * A record of the bars topic as the source hands it on: the bar, or why it was refused.
 *
 * @param bar       the bar; null when refused
 * @param reason    a {@link io.quarry.connectors.kafka.RejectedRecord.Reason} name; null for a bar
 * @param message   what is wrong; null for a bar
 * @param partition where the record was read
 * @param offset    where the record was read
 * @param raw       the record's text when refused, else null
 */
public record Incoming(StreamBar bar, String reason, String message, int partition, long offset, String raw) {
}
