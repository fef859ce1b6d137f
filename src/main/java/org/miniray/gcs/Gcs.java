package org.miniray.gcs;

/**
 * The Global Control Store: seven tables, the object, task, actor and node tables with
 * publish/subscribe, and the function, checkpoint and job tables.
 *
 * <p>Rules every implementation follows (checked by {@code GcsContractTest}):
 * <ul>
 *   <li>every method returns at once; the returned future completes when the write is durable
 *       (or the read is answered). Writes from one thread take effect in the order made;
 *   <li>a subscriber first receives the current entry, if there is one, then every later
 *       change, each at least once and in order for a given key; listeners run on GCS threads
 *       and must not block;
 *   <li>a listener that throws is logged and stays subscribed; it does not disturb others;
 *   <li>errors arrive in the future: a call the table refuses (an unknown task, a taken actor
 *       name) or any call after {@link #close()} returns a future that completes exceptionally
 *       (after close, with {@code IllegalStateException("GCS is closed")}); only
 *       {@code subscribe} throws, since it returns no future.
 * </ul>
 */
public interface Gcs extends AutoCloseable {

  /** The seven tables, built once by the implementation; the accessors below read them. */
  GcsTables tables();

  default ObjectTable objectTable() {
    return tables().objects();
  }

  default TaskTable taskTable() {
    return tables().tasks();
  }

  default FunctionTable functionTable() {
    return tables().functions();
  }

  default CheckpointTable checkpointTable() {
    return tables().checkpoints();
  }

  default ActorTable actorTable() {
    return tables().actors();
  }

  default NodeTable nodeTable() {
    return tables().nodes();
  }

  default JobTable jobTable() {
    return tables().jobs();
  }

  /**
   * The object table for writers that never read a write's result, such as a node's object
   * manager. A GCS reached over a network sends {@code addLocation} and {@code removeLocation}
   * one-way (their futures complete once sent, in order with every later call of the same
   * client); by default it is {@link #objectTable()}.
   */
  default ObjectTable objectTableWritingOneWay() {
    return objectTable();
  }

  /**
   * The task table for a submitter that never reads an {@code add}'s result (the runtime adding
   * each task it submits): a GCS reached over a network sends {@code add} one-way, as
   * {@link #objectTableWritingOneWay} does location writes; by default it is {@link #taskTable()}.
   */
  default TaskTable taskTableAddingOneWay() {
    return taskTable();
  }

  /**
   * Releases connections and threads; further calls fail with {@code IllegalStateException}
   * and no listener is called again (one already running may finish). Closing twice is harmless.
   */
  @Override
  void close();
}
