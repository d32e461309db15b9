package io.quarry.connectors.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** Waits for a committed record on a topic, reading from given offsets on. */
public final class TopicWatch {

    private TopicWatch() {
    }

    /**
     * The first committed record value after {@code from} (partition to offset) that {@code wanted}
     * accepts, or null when none came within {@code timeout}.
     */
    public static byte[] await(String bootstrap, String topic, Map<Integer, Long> from, Predicate<byte[]> wanted,
                               Duration timeout) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(TopicReader.consumerProperties(bootstrap))) {
            List<TopicPartition> parts = from.keySet().stream().map(p -> new TopicPartition(topic, p)).toList();
            consumer.assign(parts);
            parts.forEach(p -> consumer.seek(p, from.get(p.partition())));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (wanted.test(r.value())) {
                        return r.value();
                    }
                }
            }
            return null;
        }
    }
}
