package org.miniray.bench;

import java.util.Map;

/**
 * A workload's outcome: the figure of every timed round, their summary, and the extra figures'
 * summaries; or, when it failed, why ({@code error} non-null and no rounds).
 */
public record WorkloadResult(Workload workload, double[] rounds, Summary summary, Map<String, Summary> extras,
    String error) {

  public static WorkloadResult failed(Workload workload, String error) {
    return new WorkloadResult(workload, new double[0], null, Map.of(), error);
  }

  public boolean ok() {
    return error == null;
  }

  /** True or false against the goal; null when it sets none or the workload failed. */
  public Boolean goalMet() {
    Goal g = workload.goal();
    return g == null || !ok() ? null : g.metBy(summary.median());
  }
}
