package org.miniray.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.miniray.config.MinirayConfig;
import org.miniray.gcs.NodeLoad;
import org.miniray.id.JobId;
import org.miniray.id.NodeId;
import org.miniray.id.TaskId;
import org.miniray.serialization.ProtocolCodec;
import org.miniray.serialization.ProtocolCodec.Codegen;
import org.miniray.serialization.SerializedObject;
import org.miniray.serialization.Serializer;
import org.miniray.serialization.Serializers;
import org.miniray.task.FunctionDescriptor;
import org.miniray.task.ResourceSet;
import org.miniray.task.TaskArg;
import org.miniray.task.TaskKind;
import org.miniray.task.TaskSpec;
import org.miniray.task.TaskStatus;
import org.miniray.transport.netty.Protocol;

/**
 * What Fory's ways of making codecs ({@link Codegen}) cost a process that encodes and decodes
 * protocol messages, and what the user-value {@code ForySerializer} (which messages took before the
 * {@link ProtocolCodec}) costs for the same messages: the CPU time of the whole JVM (Fory's compiler thread and the JVM's JIT
 * included) after its first {@value #FIRST}, {@value #MID} and {@value #MANY} messages of the task
 * path (a task placed with its spec, its status, its result's location, a heartbeat), each
 * encoded and decoded once; the wall time of the last {@value #LAST} of them as the settled cost;
 * and each kind's encoded size.
 * Each way runs in a fresh JVM ({@value #RUNS} each, interleaved), since Fory keeps compiled
 * codecs for the life of a class loader. CPU time is what a short job pays; on a shared machine
 * it moves less than wall time. Run once by hand ({@code java -cp ... org.miniray.bench.ProtocolCodecWarmUp});
 * not a test.
 */
public final class ProtocolCodecWarmUp {
  private static final int FIRST = 1_000;
  private static final int MID = 20_000;
  private static final int MANY = 200_000;
  private static final int LAST = 50_000;
  private static final int RUNS = 5;

  private ProtocolCodecWarmUp() {}

  /** The ways compared: the three of {@link Codegen}, and the user-value serializer messages took before. */
  private static final List<String> WAYS = List.of(Codegen.ASYNC.name(), Codegen.AT_ONCE.name(),
      Codegen.INTERPRETED.name(), "FORY_SERIALIZER");

  public static void main(String[] args) throws Exception {
    if (args.length == 1) {
      child(args[0]);
      return;
    }
    Map<String, List<long[]>> results = new LinkedHashMap<>();
    for (int run = 0; run < RUNS; run++) {
      for (String way : WAYS) {
        results.computeIfAbsent(way, k -> new ArrayList<>()).add(runChild(way));
      }
    }
    System.out.printf("%-16s %18s %18s %18s %22s %s%n", "way", "CPU ms, first " + FIRST, "CPU ms, first " + MID,
        "CPU ms, first " + MANY,
        "ns/message, last " + LAST, "  bytes of: " + String.join(", ", KINDS));
    for (Map.Entry<String, List<long[]>> e : results.entrySet()) {
      StringBuilder sizes = new StringBuilder();
      for (int k = 0; k < KINDS.size(); k++) {
        sizes.append(k == 0 ? "  " : ", ").append(e.getValue().get(0)[4 + k]);
      }
      System.out.printf("%-16s %18d %18d %18d %22d %s%n", e.getKey(), median(e.getValue(), 0) / 1_000_000,
          median(e.getValue(), 1) / 1_000_000, median(e.getValue(), 2) / 1_000_000, median(e.getValue(), 3), sizes);
    }
    System.out.println("(medians of " + RUNS + " JVMs per way, run interleaved)");
  }

  private static long[] runChild(String c) throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        ProtocolCodecWarmUp.class.getName(), c).redirectErrorStream(true).start();
    List<String> lines = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        lines.add(line);
      }
    }
    if (p.waitFor() != 0 || lines.isEmpty()) {
      throw new IllegalStateException("the run of " + c + " failed: " + String.join("\n", lines));
    }
    String last = lines.get(lines.size() - 1);
    return Arrays.stream(last.trim().split(" ")).mapToLong(Long::parseLong).toArray();
  }

  private static long median(List<long[]> runs, int column) {
    long[] v = runs.stream().mapToLong(r -> r[column]).sorted().toArray();
    return v[v.length / 2];
  }

  private static void child(String way) {
    Function<Object, byte[]> encode;
    Function<byte[], Object> decode;
    if (way.equals("FORY_SERIALIZER")) {
      // What WireCodec did before: the message wrapped in an Object[], through the user-value serializer.
      Serializer fory = Serializers.selector().create("fory", MinirayConfig.defaults());
      encode = m -> fory.serialize(new Object[] {m}).bytes();
      decode = b -> ((Object[]) fory.deserialize(new SerializedObject(SerializedObject.ENCODED, b)))[0];
    } else {
      ProtocolCodec codec = new ProtocolCodec("Protocol.CLASSES", Protocol.CLASSES, Codegen.valueOf(way));
      encode = codec::encode;
      decode = codec::decode;
    }
    List<Object> messages = taskPath();
    long cpuFirst = 0;
    long cpuMid = 0;
    long wallLast = 0;
    for (int i = 0; i < MANY; i++) {
      if (i == MANY - LAST) {
        wallLast = System.nanoTime();
      }
      Object m = messages.get(i % messages.size());
      if (decode.apply(encode.apply(m)) == null) {
        throw new IllegalStateException("decoded nothing");
      }
      if (i == FIRST - 1) {
        cpuFirst = ProcessCpu.ofThisJvm().orElse(-1L);
      } else if (i == MID - 1) {
        cpuMid = ProcessCpu.ofThisJvm().orElse(-1L);
      }
    }
    long perMessage = (System.nanoTime() - wallLast) / LAST;
    long cpuMany = ProcessCpu.ofThisJvm().orElse(-1L);
    StringBuilder sizes = new StringBuilder();
    for (int k = 0; k < KINDS.size(); k++) {
      sizes.append(' ').append(encode.apply(messages.get(k)).length);
    }
    System.out.println(cpuFirst + " " + cpuMid + " " + cpuMany + " " + perMessage + sizes);
  }

  /** The kinds of message in {@link #taskPath}, in the order each task adds them. */
  private static final List<String> KINDS = List.of("PlaceTask", "UpdateStatus", "AddLocation", "ObjectMade",
      "Heartbeat");

  /** The messages of one task's way through a cluster, with made-up but typical contents. */
  private static List<Object> taskPath() {
    JobId job = new JobId(1);
    NodeId node = new NodeId("127.0.0.1:40000");
    List<Object> messages = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      TaskId id = TaskId.forChild(TaskId.forDriver(job), i + 1);
      TaskSpec spec = new TaskSpec(id, job, TaskId.forDriver(job), TaskKind.NORMAL,
          new FunctionDescriptor("org.example.Work", "noop", "(I)I", FunctionDescriptor.Kind.STATIC),
          List.of(new TaskArg.ByValue(SerializedObject.ENCODED, new byte[] {4, 3, 2, 1, 0, 0, 0, (byte) i})),
          ResourceSet.of(Map.of(ResourceSet.CPU, 1.0)), null, node, null, null, 0, 3, 0);
      messages.add(new Protocol.PlaceTask(node, spec));
      messages.add(new Protocol.UpdateStatus(id, TaskStatus.FINISHED, node));
      messages.add(new Protocol.AddLocation(spec.returnId(), node, 8));
      messages.add(new Protocol.ObjectMade(node, spec.returnId(), node, 8));
      messages.add(new Protocol.Heartbeat(node, new NodeLoad(ResourceSet.of(Map.of(ResourceSet.CPU, 2.0)), i, 0.1,
          1e6, i, 1024L * i, 0, 0, 1L << 30, 0, 0)));
    }
    return messages;
  }
}
