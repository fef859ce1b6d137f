/**
 * Identifiers of jobs, tasks, objects, actors and nodes.
 *
 * <p>Ids are deterministic (paper, section 4.2.3): a task's id derives from its parent task's
 * id and its index among the parent's submissions, and an object's id from its task's id and
 * its return index. Re-running a task therefore recreates the very object ids its first run
 * made, which is what makes lineage re-execution possible (lab 3).
 *
 * <p>Main types: {@link org.miniray.id.TaskId}, {@link org.miniray.id.ObjectId}.
 */
package org.miniray.id;
