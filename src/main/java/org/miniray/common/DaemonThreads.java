package org.miniray.common;

import com.google.common.util.concurrent.ThreadFactoryBuilder;
import java.util.concurrent.ThreadFactory;

/**
 * Thread factories for miniray's background threads. They are daemons so that a program that
 * forgets {@code Ray.shutdown()} still exits, and they are named so that a thread dump says
 * whose each one is.
 */
public final class DaemonThreads {
  private DaemonThreads() {}

  /**
   * Daemon threads named by {@code nameFormat}, a {@link String#format} pattern given the
   * thread's number from 0 ({@code "gcs-blob-%d"}); a name without {@code %d} names them all.
   */
  public static ThreadFactory named(String nameFormat) {
    return new ThreadFactoryBuilder().setNameFormat(nameFormat).setDaemon(true).build();
  }
}
