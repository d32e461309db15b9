package io.quarry.jobs.stream;

import io.quarry.connectors.kafka.StreamJson;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Reads the control topic; a record that is not a control message is passed on with its error. */
final class ControlDeserializer implements KafkaRecordDeserializationSchema<ControlRecord> {

    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ControlRecord> out) {
        String where = "control record " + record.partition() + "@" + record.offset();
        try {
            StreamJson.Control c = StreamJson.control(record.value() == null ? new byte[0] : record.value());
            out.collect(new ControlRecord(c.op(), c.source(), c.text(), c.alphas().toArray(String[]::new), null));
        } catch (IllegalArgumentException e) {
            String key = record.key() == null ? where : new String(record.key(), StandardCharsets.UTF_8);
            out.collect(new ControlRecord(null, key, null, new String[0], where + ": " + e.getMessage()));
        }
    }

    @Override
    public TypeInformation<ControlRecord> getProducedType() {
        return TypeInformation.of(ControlRecord.class);
    }
}
