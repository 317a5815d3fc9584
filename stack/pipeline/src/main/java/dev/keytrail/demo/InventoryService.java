package dev.keytrail.demo;

import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/** inventory-service: keyBy(sku); stock as keyed state; reserves or rejects each new order's items. */
public class InventoryService {
    public static void main(String[] argv) throws Exception {
        Pipeline p = Pipeline.of("inventory-service", argv);
        p.source(List.of("orders"))
                .filter(e -> "OrderCreated".equals(e.type)).name("OrderCreated only").uid("inventory-service-filter")
                .keyBy(e -> {
                    JsonNode n = Events.parse(e.value);
                    return n == null ? "" : n.path("sku").asText("");
                })
                .process(new Reserve()).name("Stock per SKU").uid("inventory-service-process")
                .sinkTo(p.sink()).name("Kafka sink: inventory").uid("inventory-service-sink");
        p.execute();
    }

    /** Initial stock: scarce SKUs (prefix "SKU-RARE") run out quickly, so rejections happen. */
    static long initialStock(String sku) {
        return sku.startsWith("SKU-RARE") ? 3 : 1_000_000;
    }

    static class Reserve extends KeyedProcessFunction<String, Event, Event> {
        private transient ValueState<Long> stock;

        @Override
        public void open(OpenContext ctx) {
            stock = getRuntimeContext().getState(new ValueStateDescriptor<>("stock", Long.class));
        }

        @Override
        public void processElement(Event e, Context ctx, Collector<Event> out) throws Exception {
            JsonNode n = Events.parse(e.value);
            if (n == null || n.path("poison").asBoolean(false)) return;
            String sku = ctx.getCurrentKey();
            long available = stock.value() == null ? initialStock(sku) : stock.value();
            int qty = n.path("quantity").asInt(1);
            String orderId = n.path("orderId").asText();
            ObjectNode r;
            if (available >= qty) {
                stock.update(available - qty);
                r = Events.caused("InventoryReserved", orderId, n);
                r.put("remaining", available - qty);
            } else {
                stock.update(available);
                r = Events.caused("InventoryRejected", orderId, n);
                r.put("available", available);
            }
            r.put("sku", sku);
            r.put("quantity", qty);
            out.collect(Events.out("inventory", sku, r, e));
        }
    }
}
