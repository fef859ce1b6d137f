package org.miniray.gcs;

/**
 * The Global Control Store: six tables, the object, task, actor and node tables with
 * publish/subscribe.
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

  ObjectTable objectTable();

  TaskTable taskTable();

  FunctionTable functionTable();

  CheckpointTable checkpointTable();

  ActorTable actorTable();

  NodeTable nodeTable();

  /**
   * Releases connections and threads; further calls fail with {@code IllegalStateException}
   * and no listener is called again (one already running may finish). Closing twice is harmless.
   */
  @Override
  void close();
}
