package org.miniray.api;

/** PLACEHOLDER: replaced by the generated overloads (RayCallGenerator). */
public interface ActorCall<A> {}
