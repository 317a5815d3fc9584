package dev.keytrail.demo;

/** One Kafka record as the jobs see it: where it came from, its JSON value and its trace context. */
public class Event {
    public String topic;
    public String key;
    public String value;
    public String type;
    public String traceparent;
    public long timestamp;

    public Event() {}

    public Event(String topic, String key, String value, String type, String traceparent, long timestamp) {
        this.topic = topic;
        this.key = key;
        this.value = value;
        this.type = type;
        this.traceparent = traceparent;
        this.timestamp = timestamp;
    }
}
