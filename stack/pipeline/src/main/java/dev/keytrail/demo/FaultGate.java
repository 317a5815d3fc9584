package dev.keytrail.demo;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;

/**
 * Where the fault switches bite inside a job: right after its source.
 * pause-consumer:&lt;job&gt; blocks the task (backpressure: the source stops fetching, checkpoints
 * cannot complete, so the group stops committing); slow-checkpoints makes each snapshot take
 * longer than the last; failing-checkpoints makes the asynchronous part of snapshots fail
 * (see {@link FailingLongSerializer}).
 */
public class FaultGate extends RichMapFunction<Event, Event> implements CheckpointedFunction {
    private final String brokers;
    private final String job;
    private transient int slowRound;
    private transient ListState<Long> seen;
    private transient long count;

    public FaultGate(String brokers, String job) {
        this.brokers = brokers;
        this.job = job;
    }

    @Override
    public void open(OpenContext ctx) {
        Faults.start(brokers, job);
    }

    @Override
    public Event map(Event e) throws InterruptedException {
        while (Faults.on("pause-consumer:" + job)) Thread.sleep(200);
        count++;
        return e;
    }

    @Override
    public void snapshotState(FunctionSnapshotContext ctx) throws Exception {
        if (Faults.on("slow-checkpoints")) {
            // 2 s, 4 s, 8 s … doubling toward (never past) the 60 s checkpoint timeout.
            slowRound = Math.min(slowRound + 1, 6);
            Thread.sleep(Math.min(2000L << (slowRound - 1), 55_000L));
        } else {
            slowRound = 0;
        }
        seen.update(java.util.List.of(count));
    }

    @Override
    public void initializeState(FunctionInitializationContext ctx) throws Exception {
        seen = ctx.getOperatorStateStore().getListState(new ListStateDescriptor<>("records-seen", FailingLongSerializer.INSTANCE));
        for (Long c : seen.get()) count += c;
    }
}
