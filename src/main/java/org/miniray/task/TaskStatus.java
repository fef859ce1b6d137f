package org.miniray.task;

/** A task's state as the task table records it. */
public enum TaskStatus {
  SUBMITTED,
  FORWARDED,
  SCHEDULED,
  RUNNING,
  FINISHED,
  FAILED;

  public boolean isDone() {
    return this == FINISHED || this == FAILED;
  }
}
