package io.quarry.jobs.stream;

/**
 * A record for one of the output topics; the one exactly-once sink writes them all.
 *
 * @param topic where it goes
 * @param key   the Kafka key
 * @param value the JSON value
 */
public record OutRecord(String topic, byte[] key, byte[] value) {
}
