package org.miniray.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.miniray.api.ObjectRef;
import org.miniray.api.Ray;
import org.miniray.runtime.MinirayRuntime;

/**
 * A driver program for {@link JobsThatEndTest}, run in its own JVM so that it can be killed with
 * {@code kill -9}: it puts an object, makes one on the node, starts a task that holds every CPU of
 * the node until interrupted, queues three more behind it, prints its job and "ready", and waits.
 * The tasks leave files in the directory given, so the test sees what ran on the node.
 */
public final class EndingDriver {
  private EndingDriver() {}

  public static byte[] bytes(int n) {
    return new byte[n];
  }

  /** Holds its CPUs until interrupted; says so in {@code dir}. */
  public static int holdUntilInterrupted(String dir) {
    touch(dir, "started");
    try {
      Thread.sleep(600_000);
      return 1;
    } catch (InterruptedException e) {
      touch(dir, "interrupted");
      return -1;
    }
  }

  public static int queued(String dir, int i) {
    touch(dir, "queued-" + i + "-ran");
    return i;
  }

  static void touch(String dir, String name) {
    try {
      Files.writeString(Path.of(dir, name), name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Arguments: the head's address, the token file, the directory for the tasks' files. */
  public static void main(String[] args) throws Exception {
    Ray.init(Map.of("miniray.address", args[0], "miniray.cluster.token.file", args[1],
        "miniray.memory.call.sites", "true"));
    String dir = args[2];
    ObjectRef<byte[]> kept = Ray.put(new byte[300_000]);
    ObjectRef<byte[]> made = Ray.task(EndingDriver::bytes, 400_000).remote();
    Ray.get(made, 60_000);
    ObjectRef<Integer> holder = Ray.task(EndingDriver::holdUntilInterrupted, dir).setResource("CPU", 2.0).remote();
    while (!Files.exists(Path.of(dir, "started"))) {
      Thread.sleep(20); // a driver polls a file here; the test itself waits on conditions
    }
    List<ObjectRef<Integer>> queued = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      queued.add(Ray.task(EndingDriver::queued, dir, i).remote());
    }
    System.out.println("job=" + ((MinirayRuntime) Ray.internal()).deployment().job().hex());
    System.out.println("ready");
    System.out.flush();
    Thread.sleep(600_000); // until killed
    Reference.reachabilityFence(kept);
    Reference.reachabilityFence(holder);
    Reference.reachabilityFence(queued);
  }
}
