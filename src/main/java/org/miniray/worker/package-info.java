/**
 * Workers: the threads that run task code (paper section 4.2, figure 7 step 4).
 * {@link org.miniray.worker.WorkerPool} hands out threads (one per running task, so a task
 * blocked in {@code get} holds only its thread, never the CPU its scheduler counted), and
 * {@link org.miniray.worker.TaskRunner} runs one task: it reads the arguments from the local
 * store, calls the function, and stores the result, or the error in its place. With
 * {@code miniray.worker.mode=process} a node hands its normal tasks to
 * {@link org.miniray.worker.RemoteWorkers} instead ({@link org.miniray.worker.ProcessWorkers}:
 * worker JVMs, so a task that ends or breaks its JVM fails alone); actor lanes run on the
 * node's threads ({@link org.miniray.worker.WorkerPool#newLane}, bounded for threaded actors).
 */
package org.miniray.worker;
