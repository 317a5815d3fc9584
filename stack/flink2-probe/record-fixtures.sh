#!/usr/bin/env bash
# Records Flink 2.x REST responses for the client's contract tests (src/main/flink/fixtures/<ver>/):
# a Flink 2 session cluster from Maven Central on 127.0.0.1:28081, this probe job, the recorder.
# Usage: stack/flink2-probe/record-fixtures.sh [flink-version, default 2.2.0]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
version="${1:-2.2.0}"
work="$(mktemp -d)"
trap 'kill $(cat "$work"/*.pid 2>/dev/null) 2>/dev/null || true; rm -rf "$work"' EXIT

mvn -q -B -f "$repo/stack/jars/flink-pom.xml" dependency:copy-dependencies -Dflink.version="$version" -DincludeScope=runtime -DoutputDirectory="$work/lib"
mvn -q -B -f "$here/pom.xml" package -Dflink.version="$version"
mkdir -p "$work/conf"
cat > "$work/conf/config.yaml" <<YAML
jobmanager.rpc.address: 127.0.0.1
jobmanager.rpc.port: 28082
jobmanager.bind-host: 127.0.0.1
taskmanager.bind-host: 127.0.0.1
taskmanager.host: 127.0.0.1
rest.address: 127.0.0.1
rest.bind-address: 127.0.0.1
rest.port: 28081
jobmanager.memory.heap.size: 512m
jobmanager.memory.off-heap.size: 128m
jobmanager.memory.jvm-metaspace.size: 256m
taskmanager.numberOfTaskSlots: 4
taskmanager.cpu.cores: 4
taskmanager.memory.framework.heap.size: 128m
taskmanager.memory.task.heap.size: 384m
taskmanager.memory.managed.size: 64m
taskmanager.memory.framework.off-heap.size: 128m
taskmanager.memory.task.off-heap.size: 0m
taskmanager.memory.network.min: 64m
taskmanager.memory.network.max: 64m
taskmanager.memory.jvm-metaspace.size: 256m
taskmanager.memory.jvm-overhead.min: 192m
taskmanager.memory.jvm-overhead.max: 192m
execution.checkpointing.dir: file://$work/checkpoints
io.tmp.dirs: $work
YAML
opens=(--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.text=ALL-UNNAMED --add-opens=java.base/java.time=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED --add-exports=java.base/sun.net.util=ALL-UNNAMED)
java -Xmx512m "${opens[@]}" -cp "$work/lib/*" org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint --configDir "$work/conf" > "$work/jm.log" 2>&1 &
echo $! > "$work/jm.pid"
java -Xmx512m -XX:MaxDirectMemorySize=192m "${opens[@]}" -cp "$work/lib/*" org.apache.flink.runtime.taskexecutor.TaskManagerRunner --configDir "$work/conf" > "$work/tm.log" 2>&1 &
echo $! > "$work/tm.pid"
for _ in $(seq 60); do curl -sf 127.0.0.1:28081/overview | grep -q '"taskmanagers":1' && break; sleep 1; done
jar=$(curl -sf -X POST -F "jarfile=@$here/target/keytrail-flink2-probe.jar" 127.0.0.1:28081/jars/upload | sed -E 's/.*"filename":"[^"]*\/([^"]+)".*/\1/')
curl -sf -X POST -H 'content-type: application/json' -d '{"entryClass":"dev.keytrail.probe.CountingJob"}' "127.0.0.1:28081/jars/$jar/run" > /dev/null
for _ in $(seq 60); do curl -sf 127.0.0.1:28081/jobs/overview | grep -q RUNNING && sleep 15 && break; sleep 1; done
node "$repo/scripts/record-flink-fixtures.mjs" http://127.0.0.1:28081
