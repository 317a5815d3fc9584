package dev.keytrail.demo;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ObjectNode;

/** The event envelope of the demo domain: type, eventId, orderId, occurredAt, causationId + payload. */
public final class Events {
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Events() {}

    public static JsonNode parse(String value) {
        try {
            return JSON.readTree(value);
        } catch (Exception e) {
            return null;
        }
    }

    /** A new event caused by {@code cause}; the payload fields are added by the caller. */
    public static ObjectNode caused(String type, String orderId, JsonNode cause) {
        ObjectNode n = JSON.createObjectNode();
        n.put("type", type);
        n.put("eventId", UUID.randomUUID().toString());
        n.put("orderId", orderId);
        n.put("occurredAt", Instant.now().toString());
        n.put("causationId", cause == null ? null : cause.path("eventId").asText(null));
        return n;
    }

    /** Same trace as the parent, a new span (W3C traceparent). */
    public static String childTraceparent(String parent) {
        String traceId = parent != null && parent.length() >= 55 ? parent.substring(3, 35) : hex(16);
        return "00-" + traceId + "-" + hex(8) + "-01";
    }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        StringBuilder sb = new StringBuilder();
        for (byte x : b) sb.append(String.format("%02x", x));
        return sb.toString();
    }

    public static Event out(String topic, String key, ObjectNode value, Event cause) {
        return new Event(topic, key, value.toString(), value.path("type").asText(), childTraceparent(cause.traceparent), 0L);
    }
}
