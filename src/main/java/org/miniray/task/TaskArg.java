package org.miniray.task;

import org.miniray.id.ObjectId;

/**
 * One argument of a task: a value carried in the spec itself, or a reference to an object that
 * must be in the node's store before the task runs (a data edge of the computation graph).
 */
public sealed interface TaskArg {

  /** A value, already serialized by the caller. {@code encoding} is the serializer's tag. */
  record ByValue(byte encoding, byte[] bytes) implements TaskArg {}

  /** An {@code ObjectRef} passed as an argument: the task receives the object's value. */
  record ByRef(ObjectId id) implements TaskArg {}
}
