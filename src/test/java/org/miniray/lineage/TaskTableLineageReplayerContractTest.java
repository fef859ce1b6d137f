package org.miniray.lineage;

import org.miniray.events.EventRecorder;

/** The lineage-replayer contract over {@link TaskTableLineageReplayer}. */
class TaskTableLineageReplayerContractTest extends LineageReplayerContractTest {
  @Override
  protected LineageReplayer createReplayer() {
    return new TaskTableLineageReplayer(gcs, global, serializer, EventRecorder.OFF);
  }
}
