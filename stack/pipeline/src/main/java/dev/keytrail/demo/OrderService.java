package dev.keytrail.demo;

import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * order-service: keyBy(orderId); the order's state in a ValueState; a processing-time timer for
 * the payment timeout. Confirms an order once it is paid and its stock reserved; cancels it on a
 * failed payment, a rejected reservation or a timeout; completes it when delivered.
 */
public class OrderService {
    static final Set<String> HANDLED = Set.of(
            "OrderCreated", "PaymentReceived", "PaymentFailed", "InventoryReserved", "InventoryRejected", "Delivered");

    public static void main(String[] argv) throws Exception {
        Pipeline p = Pipeline.of("order-service", argv);
        long timeoutMs = Long.parseLong(p.args.getOrDefault("payment-timeout-ms", "900000"));
        p.source(List.of("orders", "payments", "inventory", "shipments"))
                .filter(e -> HANDLED.contains(e.type)).name("Events order-service handles").uid("order-service-filter")
                .keyBy(e -> orderIdOf(e))
                .process(new OrderProcess(timeoutMs)).name("Order state machine").uid("order-service-process")
                .sinkTo(p.sink()).name("Kafka sink: orders, payments").uid("order-service-sink");
        p.execute();
    }

    static String orderIdOf(Event e) {
        JsonNode n = Events.parse(e.value);
        return n == null ? "" : n.path("orderId").asText("");
    }

    /** The order as order-service remembers it. */
    public static class OrderState {
        public String orderId;
        public String status;
        public String paymentId;
        public String sku;
        public int quantity;
        public double amount;
        public boolean paid;
        public boolean reserved;
        public String lastTraceparent;
    }

    static class OrderProcess extends KeyedProcessFunction<String, Event, Event> {
        private final long paymentTimeoutMs;
        private transient ValueState<OrderState> state;

        OrderProcess(long paymentTimeoutMs) {
            this.paymentTimeoutMs = paymentTimeoutMs;
        }

        @Override
        public void open(OpenContext ctx) {
            ValueStateDescriptor<OrderState> d = new ValueStateDescriptor<>("order", OrderState.class);
            d.enableTimeToLive(StateTtlConfig.newBuilder(java.time.Duration.ofDays(1)).build());
            state = getRuntimeContext().getState(d);
        }

        @Override
        public void processElement(Event e, Context ctx, Collector<Event> out) throws Exception {
            JsonNode n = Events.parse(e.value);
            if (n == null) return;
            if (n.path("poison").asBoolean(false)) {
                if (Faults.on("poison")) {
                    throw new IllegalStateException("Poison event " + n.path("eventId").asText() + " for order "
                            + n.path("orderId").asText() + ": cannot process (keytrail fault poison)");
                }
                return;
            }
            OrderState s = state.value();
            String orderId = n.path("orderId").asText();
            switch (e.type) {
                case "OrderCreated" -> {
                    if (s != null) return;
                    s = new OrderState();
                    s.orderId = orderId;
                    s.status = "PAYMENT_REQUESTED";
                    s.paymentId = "pay-" + orderId.substring(Math.max(0, orderId.length() - 12));
                    s.sku = n.path("sku").asText();
                    s.quantity = n.path("quantity").asInt(1);
                    s.amount = n.path("amount").asDouble();
                    ObjectNode req = Events.caused("PaymentRequested", orderId, n);
                    req.put("paymentId", s.paymentId);
                    req.put("amount", s.amount);
                    req.put("currency", n.path("currency").asText("EUR"));
                    out.collect(Events.out("payments", s.paymentId, req, e));
                    ctx.timerService().registerProcessingTimeTimer(ctx.timerService().currentProcessingTime() + paymentTimeoutMs);
                }
                case "PaymentReceived" -> {
                    if (s == null || isFinal(s)) return;
                    s.paid = true;
                    maybeConfirm(s, n, e, out);
                }
                case "InventoryReserved" -> {
                    if (s == null || isFinal(s)) return;
                    s.reserved = true;
                    maybeConfirm(s, n, e, out);
                }
                case "PaymentFailed" -> {
                    if (s == null || isFinal(s)) return;
                    cancel(s, "payment-failed", n, e, out);
                }
                case "InventoryRejected" -> {
                    if (s == null || isFinal(s)) return;
                    cancel(s, "out-of-stock", n, e, out);
                }
                case "Delivered" -> {
                    if (s == null || !"CONFIRMED".equals(s.status)) return;
                    s.status = "COMPLETED";
                    ObjectNode done = Events.caused("OrderCompleted", orderId, n);
                    done.put("shipmentId", n.path("shipmentId").asText());
                    out.collect(Events.out("orders", orderId, done, e));
                }
                default -> { return; }
            }
            s.lastTraceparent = e.traceparent;
            state.update(s);
        }

        @Override
        public void onTimer(long timestamp, OnTimerContext ctx, Collector<Event> out) throws Exception {
            OrderState s = state.value();
            if (s == null || s.paid || isFinal(s)) return;
            ObjectNode c = Events.caused("OrderCancelled", s.orderId, null);
            c.put("reason", "payment-timeout");
            out.collect(Events.out("orders", s.orderId, c, new Event(null, null, null, null, s.lastTraceparent, 0)));
            s.status = "CANCELLED";
            state.update(s);
        }

        private static boolean isFinal(OrderState s) {
            return "CANCELLED".equals(s.status) || "COMPLETED".equals(s.status) || "CONFIRMED".equals(s.status);
        }

        private static void maybeConfirm(OrderState s, JsonNode cause, Event e, Collector<Event> out) {
            if (!s.paid || !s.reserved) return;
            s.status = "CONFIRMED";
            ObjectNode c = Events.caused("OrderConfirmed", s.orderId, cause);
            c.put("paymentId", s.paymentId);
            c.put("sku", s.sku);
            c.put("quantity", s.quantity);
            c.put("amount", s.amount);
            out.collect(Events.out("orders", s.orderId, c, e));
        }

        private static void cancel(OrderState s, String reason, JsonNode cause, Event e, Collector<Event> out) {
            s.status = "CANCELLED";
            ObjectNode c = Events.caused("OrderCancelled", s.orderId, cause);
            c.put("reason", reason);
            out.collect(Events.out("orders", s.orderId, c, e));
        }
    }
}
