package org.miniray.runtime;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.miniray.api.exception.RayException;
import org.miniray.api.exception.RayTimeoutException;
import org.miniray.api.exception.UnreconstructableException;
import org.miniray.id.ObjectId;
import org.miniray.node.TaskContext;
import org.miniray.objectstore.ObjectFreedException;

/**
 * How a {@code get} waits for an object that is not here yet: a task blocked in it lends its CPU
 * to its node meanwhile (paper section 4.2.2, as {@code wait} does), and a timeout, an interrupt
 * or a fetch that failed become the API's exceptions, naming the object.
 */
final class BlockingGets {
  private BlockingGets() {}

  /** {@code f}'s value, at once if it has one, else after blocking; {@code inTask}: a task, not the driver, waits. */
  static <T> T await(TaskContext ctx, boolean inTask, CompletableFuture<T> f, ObjectId id, long timeoutMs) {
    if (f.isDone() && !f.isCompletedExceptionally()) {
      return f.join();
    }
    if (inTask) {
      ctx.node().workerBlocked(ctx.taskId());
    }
    try {
      return timeoutMs < 0 ? f.get() : f.get(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new RayTimeoutException("get of " + id + " timed out after " + timeoutMs + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RayException("interrupted while getting " + id);
    } catch (ExecutionException | CancellationException e) {
      if (e.getCause() instanceof ObjectFreedException freed) {
        throw new UnreconstructableException(ApiIds.of(id), id.toString(), freed.getMessage());
      }
      throw new RayException("cannot get " + id + ": " + e.getCause(), e.getCause());
    } finally {
      if (inTask) {
        ctx.node().workerUnblocked(ctx.taskId());
      }
    }
  }
}
