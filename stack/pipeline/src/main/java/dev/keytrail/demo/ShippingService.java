package dev.keytrail.demo;

import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/** shipping-service: keyBy(orderId); starts one shipment per confirmed order. */
public class ShippingService {
    private static final String[] CARRIERS = {"DHL", "UPS", "PostNL", "DPD"};

    public static void main(String[] argv) throws Exception {
        Pipeline p = Pipeline.of("shipping-service", argv);
        p.source(List.of("orders"))
                .filter(e -> "OrderConfirmed".equals(e.type)).name("OrderConfirmed only").uid("shipping-service-filter")
                .keyBy(e -> OrderService.orderIdOf(e))
                .process(new Ship()).name("Shipment per order").uid("shipping-service-process")
                .sinkTo(p.sink()).name("Kafka sink: shipments").uid("shipping-service-sink");
        p.execute();
    }

    static class Ship extends KeyedProcessFunction<String, Event, Event> {
        private transient ValueState<String> shipment;

        @Override
        public void open(OpenContext ctx) {
            ValueStateDescriptor<String> d = new ValueStateDescriptor<>("shipment", String.class);
            d.enableTimeToLive(StateTtlConfig.newBuilder(java.time.Duration.ofDays(1)).build());
            shipment = getRuntimeContext().getState(d);
        }

        @Override
        public void processElement(Event e, Context ctx, Collector<Event> out) throws Exception {
            if (shipment.value() != null) return;
            JsonNode n = Events.parse(e.value);
            if (n == null) return;
            String orderId = ctx.getCurrentKey();
            String shipmentId = "shp-" + orderId.substring(Math.max(0, orderId.length() - 12));
            ObjectNode s = Events.caused("ShipmentInitiated", orderId, n);
            s.put("shipmentId", shipmentId);
            s.put("carrier", CARRIERS[Math.floorMod(orderId.hashCode(), CARRIERS.length)]);
            s.put("sku", n.path("sku").asText());
            s.put("quantity", n.path("quantity").asInt(1));
            out.collect(Events.out("shipments", shipmentId, s, e));
            shipment.update(shipmentId);
        }
    }
}
