package dev.keytrail.demo;

import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes an event to its topic with its key and the event-type and traceparent headers. */
public class EventSerializer implements KafkaRecordSerializationSchema<Event> {
    @Override
    public ProducerRecord<byte[], byte[]> serialize(Event e, KafkaSinkContext ctx, Long timestamp) {
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(
                e.topic, null, null,
                e.key == null ? null : e.key.getBytes(StandardCharsets.UTF_8),
                e.value.getBytes(StandardCharsets.UTF_8));
        if (e.type != null) r.headers().add("event-type", e.type.getBytes(StandardCharsets.UTF_8));
        if (e.traceparent != null) r.headers().add("traceparent", e.traceparent.getBytes(StandardCharsets.UTF_8));
        return r;
    }
}
