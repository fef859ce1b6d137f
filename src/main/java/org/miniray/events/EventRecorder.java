package org.miniray.events;

import java.util.List;
import org.miniray.id.ObjectId;
import org.miniray.task.TaskSpec;

/**
 * Where the components of one node report what they do. A recorder knows its node and its
 * clock, so a component reports an event in one line: {@code events.task(Kind.TASK_STARTED, spec, null)}.
 *
 * <p>The rules for implementations: {@link #record} is called on the task path by many threads
 * at once, so it must not block or take a lock that those threads share; and when
 * {@link #enabled()} is false the helpers return at once, before they allocate anything, so a
 * disabled recorder costs one read of a flag.
 */
public interface EventRecorder {

  /** Records nothing; what a node uses when {@code miniray.events.enabled} is false. */
  EventRecorder OFF = new OffRecorder();

  /** Whether events are being recorded now. */
  boolean enabled();

  /** Keeps {@code event}. */
  void record(Event event);

  /** The events kept, oldest first. */
  List<Event> snapshot();

  /** The node whose events these are. */
  String node();

  /** Now, from the recorder's clock. */
  long nanoTime();

  /** A task event; {@code detail} may be null. */
  default void task(Event.Kind kind, TaskSpec spec, String detail) {
    task(kind, spec, 0, null, detail);
  }

  /** A task event with a size and another node (where it was placed, where its inputs came from). */
  default void task(Event.Kind kind, TaskSpec spec, long bytes, String peer, String detail) {
    if (enabled()) {
      record(new Event(nanoTime(), node(), Thread.currentThread().getName(), kind, spec.taskId(), null,
          spec.actorId(), bytes, peer, detail, spec));
    }
  }

  /** An object event; {@code peer} is the node a copy came from, or null. */
  default void object(Event.Kind kind, ObjectId object, long bytes, String peer) {
    if (enabled()) {
      record(new Event(nanoTime(), node(), Thread.currentThread().getName(), kind, object.task(), object, null,
          bytes, peer, null, null));
    }
  }

  /** An event of the node itself (joined, died). */
  default void node(Event.Kind kind, String detail) {
    if (enabled()) {
      record(new Event(nanoTime(), node(), Thread.currentThread().getName(), kind, null, null, null, 0, null,
          detail, null));
    }
  }
}
