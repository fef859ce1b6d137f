package org.miniray.gcs;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.miniray.id.JobId;

/**
 * The code of each job, by resource name (for example {@code com/acme/Job.class}), so that nodes
 * can load a job's classes without a copy of its jar. (Actor checkpoints and call logs live in
 * the {@link CheckpointTable}.)
 */
public interface FunctionTable {

  CompletableFuture<Void> put(JobId job, String resourceName, byte[] bytes);

  CompletableFuture<Optional<byte[]>> get(JobId job, String resourceName);
}
