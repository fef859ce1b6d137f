package org.miniray.runtime;

import org.miniray.api.id.UniqueId;
import org.miniray.id.ActorId;
import org.miniray.id.JobId;
import org.miniray.id.NodeId;
import org.miniray.id.ObjectId;
import org.miniray.id.TaskId;

/** The runtime's ids as the API shows them ({@code org.miniray.api.id}), and back. */
final class ApiIds {
  private ApiIds() {}

  static org.miniray.api.id.JobId of(JobId job) {
    return org.miniray.api.id.JobId.fromInt(job.value());
  }

  static org.miniray.api.id.TaskId of(TaskId task) {
    return org.miniray.api.id.TaskId.fromLong(task.value());
  }

  static org.miniray.api.id.ActorId of(ActorId actor) {
    return org.miniray.api.id.ActorId.fromLong(actor.creationTask().value());
  }

  static org.miniray.api.id.ObjectId of(ObjectId object) {
    return org.miniray.api.id.ObjectId.of(object.task().value(), object.index());
  }

  static UniqueId of(NodeId node) {
    return UniqueId.fromName(node.value());
  }
}
