package org.miniray.api;

/**
 * A handle to an actor of class {@code A}. Call its methods with {@code task(A::method,
 * args...).remote()}. Handles can be passed to tasks and to other actors; calls from one caller
 * run in the order that caller made them.
 */
public interface ActorHandle<A> extends BaseActorHandle, ActorCall<A> {}
