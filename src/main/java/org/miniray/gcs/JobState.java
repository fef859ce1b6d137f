package org.miniray.gcs;

/** Where a job is in its life: it runs while its driver does. */
public enum JobState {
  /** Its driver is running. */
  RUNNING,
  /** Its driver shut down ({@code Ray.shutdown()}, or its process exited normally). */
  FINISHED,
  /** Its driver's process was declared dead (it stopped heartbeating) before it shut down. */
  FAILED;

  public boolean isEnded() {
    return this != RUNNING;
  }
}
