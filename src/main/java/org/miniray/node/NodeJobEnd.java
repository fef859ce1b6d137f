package org.miniray.node;

import org.miniray.function.FunctionManager;
import org.miniray.id.JobId;
import org.miniray.id.NodeId;
import org.miniray.objectstore.ObjectManager;
import org.miniray.scheduler.global.GlobalScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's {@link JobEnd}: the object manager first, so that from then on the job's results and
 * copies are refused and its tasks are not started; then the queues (the local scheduler's, and
 * the global scheduler's where this node holds it: the head, or every node of an embedded
 * cluster); then the running tasks; last the class loader.
 */
final class NodeJobEnd implements JobEnd {
  private static final Logger log = LoggerFactory.getLogger(NodeJobEnd.class);

  private final NodeId node;
  private final ObjectManager objects;
  private final LocalSchedulerRestarts schedulers;
  private final TaskExecutor executor;
  private final GlobalScheduler global;
  private final FunctionManager functions;

  NodeJobEnd(NodeId node, NodeServices services, ObjectManager objects, LocalSchedulerRestarts schedulers,
      TaskExecutor executor) {
    this.node = node;
    this.objects = objects;
    this.schedulers = schedulers;
    this.executor = executor;
    this.global = services.global();
    this.functions = services.functions();
  }

  @Override
  public void ended(JobId job, String cause) {
    int freed = objects.endJob(job);
    global.dropJob(job);
    int dropped = schedulers.current().dropJob(job);
    int interrupted = executor.cancelJob(job);
    boolean code = functions.dropJob(job);
    // The cause names the job already ("its job ... ended (its driver shut down)"): said once, as the node sees it.
    log.info("on {}, {}: freed {} objects, dropped {} queued tasks, interrupted {} running{}", node, cause, freed,
        dropped, interrupted, code ? ", dropped its shipped code" : "");
  }
}
