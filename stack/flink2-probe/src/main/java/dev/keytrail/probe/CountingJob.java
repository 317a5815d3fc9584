package dev.keytrail.probe;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;

/** Generated numbers, keyed into 100 counters (ValueState), checkpointed every 5 s. */
public class CountingJob {
    public static void main(String[] args) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(5000);
        DataGeneratorSource<Long> source = new DataGeneratorSource<>(i -> i, Long.MAX_VALUE, RateLimiterStrategy.perSecond(50), Types.LONG);
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "Generated numbers").uid("numbers")
                .keyBy(n -> n % 100)
                .process(new KeyedProcessFunction<Long, Long, Long>() {
                    private transient ValueState<Long> count;

                    @Override
                    public void open(OpenContext ctx) {
                        count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
                    }

                    @Override
                    public void processElement(Long n, Context ctx, Collector<Long> out) throws Exception {
                        long c = count.value() == null ? 1 : count.value() + 1;
                        count.update(c);
                        out.collect(c);
                    }
                }).name("Count per key").uid("count")
                .sinkTo(new DiscardingSink<>()).name("Discard");
        env.execute("keytrail-flink2-probe");
    }
}
