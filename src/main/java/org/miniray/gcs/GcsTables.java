package org.miniray.gcs;

import java.util.Objects;

/**
 * The seven tables of one {@link Gcs}, as its implementation builds them: a GCS answers
 * {@link Gcs#tables()} and the interface's accessors read from it, so no implementation
 * repeats them.
 */
public record GcsTables(ObjectTable objects, TaskTable tasks, FunctionTable functions, CheckpointTable checkpoints,
    ActorTable actors, NodeTable nodes, JobTable jobs) {

  public GcsTables {
    Objects.requireNonNull(objects, "objects");
    Objects.requireNonNull(tasks, "tasks");
    Objects.requireNonNull(functions, "functions");
    Objects.requireNonNull(checkpoints, "checkpoints");
    Objects.requireNonNull(actors, "actors");
    Objects.requireNonNull(nodes, "nodes");
    Objects.requireNonNull(jobs, "jobs");
  }
}
