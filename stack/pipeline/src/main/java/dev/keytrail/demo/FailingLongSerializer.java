package dev.keytrail.demo;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A Long serializer that fails while the failing-checkpoints switch is on. Operator state is
 * written in the asynchronous part of a checkpoint, so the checkpoint is declined and fails
 * while the task keeps running — as a broken checkpoint store would make it.
 */
public final class FailingLongSerializer extends TypeSerializerSingleton<Long> {
    public static final FailingLongSerializer INSTANCE = new FailingLongSerializer();

    @Override public boolean isImmutableType() { return true; }
    @Override public Long createInstance() { return 0L; }
    @Override public Long copy(Long from) { return from; }
    @Override public Long copy(Long from, Long reuse) { return from; }
    @Override public int getLength() { return 8; }

    @Override
    public void serialize(Long record, DataOutputView target) throws IOException {
        if (Faults.on("failing-checkpoints")) {
            throw new IOException("Injected checkpoint failure (keytrail fault failing-checkpoints): state could not be written");
        }
        target.writeLong(record);
    }

    @Override public Long deserialize(DataInputView source) throws IOException { return source.readLong(); }
    @Override public Long deserialize(Long reuse, DataInputView source) throws IOException { return source.readLong(); }
    @Override public void copy(DataInputView source, DataOutputView target) throws IOException { target.writeLong(source.readLong()); }

    @Override
    public TypeSerializerSnapshot<Long> snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Long> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
