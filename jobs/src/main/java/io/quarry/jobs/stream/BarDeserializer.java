package io.quarry.jobs.stream;

import io.quarry.connectors.kafka.BarJson;
import io.quarry.connectors.kafka.RejectedRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Reads the bars topic: every record becomes an {@link Incoming}, a bar or a refusal; none is lost. */
final class BarDeserializer implements KafkaRecordDeserializationSchema<Incoming> {

    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Incoming> out) {
        try {
            out.collect(new Incoming(BarJson.decode(record.value() == null ? new byte[0] : record.value()),
                    null, null, record.partition(), record.offset(), null));
        } catch (RejectedRecord e) {
            out.collect(new Incoming(null, e.reason().name(), e.getMessage(), record.partition(), record.offset(),
                    BarJson.text(record.value())));
        }
    }

    @Override
    public TypeInformation<Incoming> getProducedType() {
        return TypeInformation.of(Incoming.class);
    }
}
