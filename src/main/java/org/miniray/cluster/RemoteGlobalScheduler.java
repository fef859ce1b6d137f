package org.miniray.cluster;

import java.util.List;
import org.miniray.scheduler.global.GlobalScheduler;
import org.miniray.serialization.WireCodec;
import org.miniray.task.TaskSpec;
import org.miniray.transport.netty.RpcClient;

/**
 * Where the local scheduler of a process other than the head sends the tasks it does not keep: a
 * one-way message to the head.
 *
 * <p>A node's go to the head's global scheduler ({@link #SCHEDULE}). A driver's go to the head
 * node's local scheduler ({@link #SUBMIT}, {@link #forDriver}). A driver has no workers, so its
 * own local scheduler keeps nothing; rather than hand every task to the global scheduler, it hands
 * them to the local scheduler of the node it attached to, as Ray's driver submits to the raylet of
 * its machine (paper section 4.2.2: tasks are scheduled bottom-up, local scheduler first). That
 * scheduler keeps a task or forwards it by its usual rules, so a burst still spreads over the
 * cluster, and a task that fits the head costs no global decision and no hop to another node.
 */
final class RemoteGlobalScheduler implements GlobalScheduler {
  /** One-way: a TaskSpec for the head's global scheduler. */
  static final int SCHEDULE = 200;
  /** One-way: a TaskSpec submitted by a driver, for the head node's local scheduler. */
  static final int SUBMIT = 201;

  private final RpcClient head;
  private final WireCodec codec;
  private final int type;

  /** A node's: what its local scheduler forwards goes to the head's global scheduler. */
  RemoteGlobalScheduler(RpcClient head, WireCodec codec) {
    this(head, codec, SCHEDULE);
  }

  private RemoteGlobalScheduler(RpcClient head, WireCodec codec, int type) {
    this.head = head;
    this.codec = codec;
    this.type = type;
  }

  /** A driver's: what it submits goes to the head node's local scheduler. */
  static RemoteGlobalScheduler forDriver(RpcClient head, WireCodec codec) {
    return new RemoteGlobalScheduler(head, codec, SUBMIT);
  }

  @Override
  public void schedule(TaskSpec spec) {
    head.send(type, codec.encode(spec));
  }

  @Override
  public List<TaskSpec> stop() {
    return List.of(); // the head keeps them
  }
}
