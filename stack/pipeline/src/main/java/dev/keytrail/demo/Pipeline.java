package dev.keytrail.demo;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.CheckpointConfig;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * What every demo job shares: arguments, checkpointing, a Kafka source with its group, an exactly-once sink.
 * Compiles against Flink 1.20 and 2.2 (pom profile flink-2.2): the checkpoint directory and the restart
 * strategy are set as configuration options, because 2.x removed CheckpointConfig#setCheckpointStorage
 * and RestartStrategies.
 */
public final class Pipeline {
    public final String job;
    public final String brokers;
    public final Map<String, String> args;
    public final StreamExecutionEnvironment env;

    private Pipeline(String job, String[] argv) {
        this.job = job;
        this.args = parse(argv);
        this.brokers = args.getOrDefault("brokers", "127.0.0.1:9092");
        Configuration conf = new Configuration();
        // Restart forever, 5 s apart: the console must see a restart loop, not a dead job.
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, Integer.MAX_VALUE);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(5));
        String dir = args.get("checkpoint-dir");
        if (dir != null) conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir + "/" + job);
        this.env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(Integer.parseInt(args.getOrDefault("parallelism", "2")));
        long interval = Long.parseLong(args.getOrDefault("checkpoint-interval", "5000"));
        env.enableCheckpointing(interval, CheckpointingMode.EXACTLY_ONCE);
        CheckpointConfig cc = env.getCheckpointConfig();
        cc.setCheckpointTimeout(Long.parseLong(args.getOrDefault("checkpoint-timeout", "60000")));
        cc.setMinPauseBetweenCheckpoints(Math.min(1000, interval));
        cc.setMaxConcurrentCheckpoints(1);
        // Keep running through injected checkpoint failures; the console must see them, not a dead job.
        cc.setTolerableCheckpointFailureNumber(Integer.MAX_VALUE);
        cc.setExternalizedCheckpointRetention(ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    }

    public static Pipeline of(String job, String[] argv) {
        return new Pipeline(job, argv);
    }

    private static Map<String, String> parse(String[] argv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            if (!argv[i].startsWith("--")) throw new IllegalArgumentException("Expected --name value, got " + argv[i]);
            m.put(argv[i].substring(2), argv[i + 1]);
        }
        return m;
    }

    /** The job's Kafka source (group = job name, offsets committed on checkpoint), then its fault gate. */
    public DataStream<Event> source(List<String> topics) {
        Properties p = new Properties();
        p.setProperty("isolation.level", "read_committed");
        p.setProperty("commit.offsets.on.checkpoint", "true");
        p.setProperty("partition.discovery.interval.ms", "60000");
        KafkaSource<Event> source = KafkaSource.<Event>builder()
                .setBootstrapServers(brokers)
                .setTopics(topics)
                .setGroupId(job)
                .setClientIdPrefix(job)
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new EventDeserializer())
                .setProperties(p)
                .build();
        return env.fromSource(source, WatermarkStrategy.<Event>forBoundedOutOfOrderness(Duration.ofSeconds(5))
                                .withTimestampAssigner((e, ts) -> e.timestamp)
                                .withIdleness(Duration.ofSeconds(30)),
                        "Kafka source: " + String.join(", ", topics))
                .uid(job + "-source")
                .map(new FaultGate(brokers, job))
                .name("Fault gate")
                .uid(job + "-fault-gate");
    }

    /** Exactly-once sink; the transaction timeout stays below the broker's 15 min maximum. */
    public KafkaSink<Event> sink() {
        Properties p = new Properties();
        p.setProperty("transaction.timeout.ms", "600000");
        return KafkaSink.<Event>builder()
                .setBootstrapServers(brokers)
                .setRecordSerializer(new EventSerializer())
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix("keytrail-" + job)
                .setKafkaProducerConfig(p)
                .build();
    }

    public void execute() throws Exception {
        env.execute(job);
    }
}
