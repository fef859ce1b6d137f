package org.miniray.cluster;

import java.util.List;
import org.miniray.scheduler.global.GlobalScheduler;
import org.miniray.serialization.WireCodec;
import org.miniray.task.TaskSpec;
import org.miniray.transport.netty.RpcClient;

/**
 * Where a driver process's tasks go: the head node's local scheduler. A driver has no workers, so
 * its own local scheduler keeps nothing; rather than hand every task to the global scheduler, it
 * hands them to the local scheduler of the node it attached to, as Ray's driver submits to the
 * raylet of its machine (paper section 4.2.2: tasks are scheduled bottom-up, local scheduler
 * first). That scheduler keeps a task or forwards it to the global scheduler by its usual rules,
 * so a burst still spreads over the cluster, and a task that fits the head costs no global
 * scheduling decision and no hop to another node.
 */
final class HeadNodeSubmitter implements GlobalScheduler {
  /** One-way: a TaskSpec submitted by a driver, for the head node's local scheduler. */
  static final int SUBMIT = 201;

  private final RpcClient head;
  private final WireCodec codec;

  HeadNodeSubmitter(RpcClient head, WireCodec codec) {
    this.head = head;
    this.codec = codec;
  }

  @Override
  public void schedule(TaskSpec spec) {
    head.send(SUBMIT, codec.encode(spec));
  }

  @Override
  public List<TaskSpec> stop() {
    return List.of(); // the head keeps them
  }
}
