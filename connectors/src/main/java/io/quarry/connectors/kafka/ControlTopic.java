package io.quarry.connectors.kafka;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Publishes control messages: {@code .alpha} text to add, names to remove. Key = the source name. */
public final class ControlTopic {

    private ControlTopic() {
    }

    /** Adds (or replaces) the alphas of a {@code .alpha} text; returns once the broker has it. */
    public static void submit(String bootstrap, String topic, String source, String text)
            throws ExecutionException, InterruptedException {
        send(bootstrap, topic, new StreamJson.Control(StreamJson.Control.ADD, source, text, List.of()));
    }

    /** Removes alphas by name. */
    public static void remove(String bootstrap, String topic, String source, List<String> alphas)
            throws ExecutionException, InterruptedException {
        send(bootstrap, topic, new StreamJson.Control(StreamJson.Control.REMOVE, source, null, alphas));
    }

    /** Sends any record to a topic (also raw, malformed ones: the tests need those). */
    public static void sendRaw(String bootstrap, String topic, String key, byte[] value)
            throws ExecutionException, InterruptedException {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(BarsReplay.producerProperties(bootstrap))) {
            producer.send(new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value)).get();
        }
    }

    private static void send(String bootstrap, String topic, StreamJson.Control control)
            throws ExecutionException, InterruptedException {
        sendRaw(bootstrap, topic, control.source(), StreamJson.control(control));
    }
}
