package org.miniray.gcs;

/**
 * A GCS whose node table is another's: the same tables otherwise, and the same one-way writers.
 * A process's membership traffic can so take a path of its own (a second connection to the head;
 * a node table that tells the failure detector of each heartbeat) while the rest goes as before.
 */
public final class GcsWithNodeTable implements Gcs {
  private final Gcs base;
  private final GcsTables tables;
  private final Runnable onClose;

  /** @param onClose run by {@link #close()}, which does not close {@code base} itself */
  public GcsWithNodeTable(Gcs base, NodeTable nodes, Runnable onClose) {
    GcsTables t = base.tables();
    this.base = base;
    this.tables = new GcsTables(t.objects(), t.tasks(), t.functions(), t.checkpoints(), t.actors(), nodes, t.jobs());
    this.onClose = onClose;
  }

  @Override
  public GcsTables tables() {
    return tables;
  }

  @Override
  public ObjectTable objectTableWritingOneWay() {
    return base.objectTableWritingOneWay();
  }

  @Override
  public TaskTable taskTableAddingOneWay() {
    return base.taskTableAddingOneWay();
  }

  @Override
  public void close() {
    onClose.run();
  }
}
