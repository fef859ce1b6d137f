package org.miniray.cluster;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.miniray.gcs.remote.HeadRetries;
import org.miniray.scheduler.global.GlobalScheduler;
import org.miniray.task.TaskSpec;
import org.miniray.transport.netty.Protocol.Message;
import org.miniray.transport.netty.WireHandlers;

/**
 * Where the local scheduler of a process other than the head sends the tasks it does not keep: a
 * one-way message to the head.
 *
 * <p>A node's go to the head's global scheduler ({@link Message#SCHEDULE}). A driver's go to the
 * head node's local scheduler ({@link Message#SUBMIT_FROM_DRIVER}, {@link #forDriver}). A driver
 * has no workers, so its own local scheduler keeps nothing; rather than hand every task to the
 * global scheduler, it hands them to the local scheduler of the node it attached to, as Ray's
 * driver submits to the raylet of its machine (paper section 4.2.2: tasks are scheduled bottom-up,
 * local scheduler first). That node keeps a task only while it has an idle CPU for it, and hands
 * the rest to the global scheduler ({@code Node.submitFromDriver}), so a burst spreads over the
 * cluster, and a task that fits the head now costs no global decision and no hop to another node.
 */
final class RemoteGlobalScheduler implements GlobalScheduler {
  private final HeadRetries head;
  private final Message message;

  /** A node's: what its local scheduler forwards goes to the head's global scheduler. */
  RemoteGlobalScheduler(HeadRetries head) {
    this(head, Message.SCHEDULE);
  }

  private RemoteGlobalScheduler(HeadRetries head, Message message) {
    this.head = head;
    this.message = message;
  }

  /** A driver's: what it submits goes to the head node's local scheduler. */
  static RemoteGlobalScheduler forDriver(HeadRetries head) {
    return new RemoteGlobalScheduler(head, Message.SUBMIT_FROM_DRIVER);
  }

  /** The head's side: a node's forwarded tasks ({@link Message#SCHEDULE}) go to {@code global}. */
  static void serveOn(WireHandlers handlers, GlobalScheduler global) {
    handlers.take(Message.SCHEDULE, (from, spec) -> global.schedule((TaskSpec) spec));
  }

  /**
   * Sent in order, and kept while the head is away for up to {@code miniray.head.retry.timeout.ms}
   * ({@link HeadRetries}); a task that could not be sent by then is logged as dropped. One that
   * fails at once (no retries configured, or the head refused it) throws, as before.
   */
  @Override
  public void schedule(TaskSpec spec) {
    CompletableFuture<Void> sent = head.send(message, spec);
    if (sent.isCompletedExceptionally()) {
      try {
        sent.join();
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : e;
      }
    }
  }

  /** Nothing to hand back: each task went on to the head as it was scheduled, and the head keeps it. */
  @Override
  public List<TaskSpec> stop() {
    return List.of();
  }
}
