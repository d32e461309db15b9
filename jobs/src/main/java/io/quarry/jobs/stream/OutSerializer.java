package io.quarry.jobs.stream;

import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Every output record to its own topic, with its key. The Kafka timestamp is the time of writing, not
 * the event time: a replay of old bars would otherwise write records that time-based retention
 * deletes at once.
 */
final class OutSerializer implements KafkaRecordSerializationSchema<OutRecord> {

    private static final long serialVersionUID = 1L;

    @Override
    public ProducerRecord<byte[], byte[]> serialize(OutRecord r, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(r.topic(), r.key(), r.value());
    }
}
