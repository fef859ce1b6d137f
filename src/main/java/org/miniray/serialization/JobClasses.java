package org.miniray.serialization;

/**
 * The classes a job brought with it. The class loader of a job's shipped code implements this;
 * on a thread whose context class loader is one (a worker running that job's task), a serializer
 * allows these classes too, and on no other thread. So a job's own classes are allowed for that
 * job without opening the {@link Allowlist} to them for every job and every connection.
 */
public interface JobClasses {

  /**
   * Whether {@code className} ({@link Class#getName()} form) is one of the job's own classes:
   * its bytes came with the job, and this process has no class of that name of its own.
   * Answers without loading anything.
   */
  boolean isJobClass(String className);
}
