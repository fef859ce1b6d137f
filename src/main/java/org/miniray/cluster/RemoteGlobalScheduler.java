package org.miniray.cluster;

import java.util.List;
import org.miniray.scheduler.global.GlobalScheduler;
import org.miniray.serialization.WireCodec;
import org.miniray.task.TaskSpec;
import org.miniray.transport.netty.RpcClient;

/** The head's global scheduler, seen from another process: tasks are forwarded to it in a message. */
final class RemoteGlobalScheduler implements GlobalScheduler {
  /** One-way: a TaskSpec for the head's global scheduler. */
  static final int SCHEDULE = 200;

  private final RpcClient head;
  private final WireCodec codec;

  RemoteGlobalScheduler(RpcClient head, WireCodec codec) {
    this.head = head;
    this.codec = codec;
  }

  @Override
  public void schedule(TaskSpec spec) {
    head.send(SCHEDULE, codec.encode(spec));
  }

  @Override
  public List<TaskSpec> stop() {
    return List.of(); // the head keeps them
  }
}
