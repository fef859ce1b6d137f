package org.miniray.id;

/** A job: one driver program and every task it causes. */
public record JobId(int value) {
  public JobId {
    if (value < 0) {
      throw new IllegalArgumentException("a job id is not negative, got " + value);
    }
  }

  @Override
  public String toString() {
    return "job-" + value;
  }
}
