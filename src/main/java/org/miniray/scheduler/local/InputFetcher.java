package org.miniray.scheduler.local;

import java.util.concurrent.CompletableFuture;
import org.miniray.task.TaskSpec;

/** Brings a task's object arguments into the local store; the node's object manager does it. */
@FunctionalInterface
public interface InputFetcher {
  CompletableFuture<Void> fetchInputs(TaskSpec spec);
}
