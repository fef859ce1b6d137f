/**
 * Actors (paper sections 3.1 and 4.2): stateful workers whose methods run one at a time, in
 * each caller's order (the stateful edges of the computation graph).
 * {@link org.miniray.actor.ActorHost} keeps the actors placed on one node and orders their
 * calls by the sequence number each caller stamps on its calls;
 * {@link org.miniray.actor.ActorRouter} sends a caller's calls to the node its actor lives on,
 * as the actor table says. Lab 4 adds checkpoints and replay here.
 */
package org.miniray.actor;
