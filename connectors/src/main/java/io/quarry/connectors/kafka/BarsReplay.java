package io.quarry.connectors.kafka;

import io.quarry.dsl.panel.Panel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Replays a market's bars into the bars topic as a feed: cross-section by cross-section in calendar
 * order, key = symbol. The event time is in the record; the Kafka timestamp is the time of sending, so
 * that time-based retention does not delete a replay of old bars at once. Each record goes to the partition
 * Kafka's default partitioner would choose for its key, so the records per partition are known before
 * anything is sent ({@link #counts}), which lets a job stop exactly at the end of a replay.
 *
 * <p>A bar the broker did not take (the producer gave up on it) stops the replay with an exception naming
 * the first such bar: a replay either delivers every bar or says which it lost, never silently a part.
 */
public final class BarsReplay {

    /** Called after each cross-section has been sent and flushed: pacing, or acting mid-stream. */
    @FunctionalInterface
    public interface RowListener {
        void afterRow(int row) throws Exception;
    }

    private final String bootstrap;
    private final String topic;
    private final int partitions;

    public BarsReplay(String bootstrap, String topic, int partitions) {
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.partitions = partitions;
    }

    /** The partition of a symbol's bars. */
    public static int partition(String symbol, int partitions) {
        return Utils.toPositive(Utils.murmur2(symbol.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** How many records each partition receives for rows [from, to) of a panel. */
    public static Map<Integer, Long> counts(Panel panel, int from, int to, int partitions) {
        Map<Integer, Long> counts = new TreeMap<>();
        for (int p = 0; p < partitions; p++) {
            counts.put(p, 0L);
        }
        for (int t = from; t < to; t++) {
            for (int s = 0; s < panel.symbolCount(); s++) {
                if (panel.hasBar(t, s)) {
                    counts.merge(partition(panel.symbols().get(s), partitions), 1L, Long::sum);
                }
            }
        }
        return counts;
    }

    /**
     * Sends rows [from, to) of a panel; {@code listener} may be null.
     *
     * @throws ReplayFailedException when a bar could not be written, naming the first such bar; the replay
     *                               stops at the row where that is noticed
     */
    public void replay(Panel panel, int from, int to, RowListener listener) throws Exception {
        List<String> fieldList = List.copyOf(panel.fieldNames());
        String[] fields = fieldList.toArray(String[]::new);
        double[][] columns = new double[fields.length][];
        for (int f = 0; f < fields.length; f++) {
            columns[f] = panel.values(fields[f]);
        }
        int rows = panel.rows();
        AtomicReference<ReplayFailedException> failure = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties(bootstrap))) {
            for (int t = from; t < to; t++) {
                String time = panel.timestamps().get(t);
                for (int s = 0; s < panel.symbolCount(); s++) {
                    if (!panel.hasBar(t, s)) {
                        continue;
                    }
                    double[] values = new double[fields.length];
                    for (int f = 0; f < fields.length; f++) {
                        values[f] = columns[f][s * rows + t];
                    }
                    String symbol = panel.symbols().get(s);
                    int partition = partition(symbol, partitions);
                    producer.send(new ProducerRecord<>(topic, partition, symbol.getBytes(StandardCharsets.UTF_8),
                            BarJson.encode(time, symbol, fields, values)), (metadata, e) -> {
                                if (e != null) {
                                    failure.compareAndSet(null, new ReplayFailedException("the bar of " + symbol
                                            + " at " + time + " was not written to " + topic + "-" + partition
                                            + ": " + e.getMessage(), e));
                                }
                            });
                }
                if (listener != null) {
                    producer.flush();
                }
                throwIfFailed(failure);
                if (listener != null) {
                    listener.afterRow(t);
                }
            }
            producer.flush();
            throwIfFailed(failure);
        }
    }

    private static void throwIfFailed(AtomicReference<ReplayFailedException> failure) throws ReplayFailedException {
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    /** A bar the broker did not take: the replay stopped there. An I/O failure, as the CLI reports it. */
    public static final class ReplayFailedException extends IOException {
        private static final long serialVersionUID = 1L;

        ReplayFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A reliable producer of byte records: idempotent, acks from all replicas. */
    public static Properties producerProperties(String bootstrap) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(1 << 18));
        // One request at a time per broker, retried after 10 s without an answer: a first request to a
        // new partition that the broker never answers (seen with the in-JVM broker under load) is sent
        // again instead of being overtaken by later bars and expiring after the delivery timeout.
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        return props;
    }
}
