package io.quarry.connectors.kafka;

import io.quarry.dsl.panel.Panel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.TreeMap;
import java.util.Map;
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

    /** Sends rows [from, to) of a panel; {@code listener} may be null. */
    public void replay(Panel panel, int from, int to, RowListener listener) throws Exception {
        List<String> fieldList = List.copyOf(panel.fieldNames());
        String[] fields = fieldList.toArray(String[]::new);
        double[][] columns = new double[fields.length][];
        for (int f = 0; f < fields.length; f++) {
            columns[f] = panel.values(fields[f]);
        }
        int rows = panel.rows();
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
                    producer.send(new ProducerRecord<>(topic, partition(symbol, partitions),
                            symbol.getBytes(StandardCharsets.UTF_8), BarJson.encode(time, symbol, fields, values)));
                }
                if (listener != null) {
                    producer.flush();
                    listener.afterRow(t);
                }
            }
            producer.flush();
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
        return props;
    }
}
