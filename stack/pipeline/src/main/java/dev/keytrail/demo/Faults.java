package dev.keytrail.demo;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Fault switches, read from the control topic by one daemon thread per job (no consumer group,
 * nothing committed). Record key = switch name (e.g. "pause-consumer:order-service"), value =
 * {"on": true|false}. Replayed from the start, so the last value wins after a restart.
 */
public final class Faults {
    public static final String CONTROL_TOPIC = "keytrail-control";
    private static final Map<String, JsonNode> STATE = new ConcurrentHashMap<>();
    private static volatile boolean started;

    private Faults() {}

    public static boolean on(String name) {
        JsonNode v = STATE.get(name);
        return v != null && v.path("on").asBoolean(false);
    }

    /** Starts the watcher once per job classloader; returns after it has read everything so far. */
    public static synchronized void start(String brokers, String job) {
        if (started) return;
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "keytrail-fault-watcher-" + job);
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p);
        TopicPartition tp = new TopicPartition(CONTROL_TOPIC, 0);
        consumer.assign(List.of(tp));
        consumer.seekToBeginning(List.of(tp));
        long end = consumer.endOffsets(List.of(tp)).getOrDefault(tp, 0L);
        while (consumer.position(tp) < end) apply(consumer.poll(Duration.ofMillis(500)));
        Thread t = new Thread(() -> {
            while (true) {
                try {
                    apply(consumer.poll(Duration.ofMillis(500)));
                } catch (Exception e) {
                    try { Thread.sleep(1000); } catch (InterruptedException ie) { return; }
                }
            }
        }, "keytrail-fault-watcher");
        t.setDaemon(true);
        t.start();
        started = true;
    }

    private static void apply(Iterable<ConsumerRecord<byte[], byte[]>> records) {
        for (ConsumerRecord<byte[], byte[]> r : records) {
            if (r.key() == null || r.value() == null) continue;
            JsonNode v = Events.parse(new String(r.value(), StandardCharsets.UTF_8));
            if (v != null) STATE.put(new String(r.key(), StandardCharsets.UTF_8), v);
        }
    }
}
