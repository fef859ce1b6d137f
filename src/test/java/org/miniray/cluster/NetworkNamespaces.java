package org.miniray.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Machines made of Linux network namespaces, for tests that need processes on different hosts:
 * each machine is a namespace with its own loopback and one interface with its own address on a
 * shared subnet, all joined by a bridge that lives in a namespace of its own (so the test
 * machine's own network is never touched). A process in one machine cannot reach another through
 * 127.0.0.1. Making them needs root (CAP_NET_ADMIN and CAP_SYS_ADMIN); {@link #create} says why
 * when it cannot.
 */
final class NetworkNamespaces implements AutoCloseable {
  /** The subnet the machines share; each machine gets the next address, from .1. */
  static final String SUBNET = "10.213.77.";

  private final String tag = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
  private final String bridgeNamespace = "mrsw" + tag;
  private final Map<String, String> namespaceOf = new LinkedHashMap<>();
  private final Map<String, String> addressOf = new LinkedHashMap<>();

  private NetworkNamespaces() {}

  /**
   * One namespace per name in {@code machines}, addressed {@link #SUBNET}1, 2, ... in order; throws
   * {@link Unavailable} naming the reason when namespaces cannot be made here.
   */
  static NetworkNamespaces create(List<String> machines) throws Unavailable {
    NetworkNamespaces n = new NetworkNamespaces();
    run("ip", "netns", "add", n.bridgeNamespace); // the first step fails alone when this user may not
    try {
      n.ip(n.bridgeNamespace, "link", "add", "br0", "type", "bridge");
      n.ip(n.bridgeNamespace, "link", "set", "br0", "up");
      for (int i = 0; i < machines.size(); i++) {
        n.addMachine(machines.get(i), i + 1);
      }
      return n;
    } catch (Unavailable | RuntimeException e) {
      n.close();
      throw e;
    }
  }

  private void addMachine(String name, int number) throws Unavailable {
    String ns = "mr" + tag + "m" + number;
    String inside = "v" + tag + "m" + number;
    String onBridge = "v" + tag + "b" + number;
    String address = SUBNET + number;
    run("ip", "netns", "add", ns);
    namespaceOf.put(name, ns);
    run("ip", "link", "add", inside, "type", "veth", "peer", "name", onBridge);
    run("ip", "link", "set", inside, "netns", ns);
    run("ip", "link", "set", onBridge, "netns", bridgeNamespace);
    ip(ns, "addr", "add", address + "/24", "dev", inside);
    ip(ns, "link", "set", inside, "up");
    ip(ns, "link", "set", "lo", "up");
    ip(bridgeNamespace, "link", "set", onBridge, "master", "br0");
    ip(bridgeNamespace, "link", "set", onBridge, "up");
    addressOf.put(name, address);
  }

  /** The address of machine {@code name}. */
  String address(String name) {
    return require(addressOf, name);
  }

  /** {@code command} as it must be started to run on machine {@code name}. */
  List<String> on(String name, List<String> command) {
    List<String> all = new ArrayList<>(List.of("ip", "netns", "exec", require(namespaceOf, name)));
    all.addAll(command);
    return all;
  }

  /** Kills what still runs in the machines, then removes them (their interfaces go with them). */
  @Override
  public void close() {
    List<String> all = new ArrayList<>(namespaceOf.values());
    all.add(bridgeNamespace);
    for (String ns : all) {
      try {
        for (String pid : output("ip", "netns", "pids", ns).split("\\s+")) {
          if (!pid.isBlank()) {
            ProcessHandle.of(Long.parseLong(pid.trim())).ifPresent(ProcessHandle::destroyForcibly);
          }
        }
        run("ip", "netns", "del", ns);
      } catch (Unavailable | RuntimeException e) {
        System.err.println("could not remove network namespace " + ns + ": " + e.getMessage());
      }
    }
  }

  /** Why namespaces cannot be made here (not root, no {@code ip}, a kernel without them). */
  static final class Unavailable extends Exception {
    Unavailable(String why) {
      super(why);
    }
  }

  private static String require(Map<String, String> m, String name) {
    String v = m.get(name);
    if (v == null) {
      throw new IllegalArgumentException("no machine named " + name + "; the machines are " + m.keySet());
    }
    return v;
  }

  private static void ip(String ns, String... args) throws Unavailable {
    List<String> cmd = new ArrayList<>(List.of("ip", "-n", ns));
    cmd.addAll(List.of(args));
    run(cmd.toArray(String[]::new));
  }

  private static void run(String... cmd) throws Unavailable {
    output(cmd);
  }

  private static String output(String... cmd) throws Unavailable {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new Unavailable(String.join(" ", cmd) + " did not end within 30 s");
      }
      if (p.exitValue() != 0) {
        throw new Unavailable(String.join(" ", cmd) + " failed (exit " + p.exitValue() + "): " + text.trim());
      }
      return text;
    } catch (IOException e) {
      throw new Unavailable("cannot run " + String.join(" ", cmd) + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unavailable("interrupted while running " + String.join(" ", cmd));
    }
  }
}
