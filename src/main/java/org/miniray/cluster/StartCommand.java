package org.miniray.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.miniray.common.Clock;
import org.miniray.config.ConfigException;
import org.miniray.config.Keys;
import org.miniray.config.MinirayConfig;
import org.miniray.scheduler.policy.SchedulingPolicies;
import org.miniray.task.ResourceSet;
import org.miniray.transport.netty.ClusterTls;
import org.miniray.transport.netty.ClusterToken;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code miniray start}: a head or a node, in the background (with {@code --block}, in the foreground). */
@Command(name = "start", mixinStandardHelpOptions = true,
    description = "Start a head (--head) or a node that joins one (--address), in the background.")
final class StartCommand implements Callable<Integer> {
  @CommandLine.ParentCommand
  Cli cli;

  @Option(names = "--head", description = "start the head: GCS, global scheduler and a node")
  boolean head;

  @Option(names = "--address", description = "HOST:PORT of the head to join, or HOST:PORT,HOST:PORT,... of a "
      + "head and its standbys (the node follows whichever is active)")
  String address;

  @Option(names = "--port", description = "port to listen on (head default 6379; nodes: any free port)")
  Integer port;

  @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to listen on (default ${DEFAULT-VALUE})")
  String host;

  @Option(names = "--num-cpus", description = "CPUs this node offers (default: its processors)")
  Double cpus;

  @Option(names = "--num-gpus", description = "GPUs this node offers (default 0)")
  Double gpus;

  @Option(names = "--resources", description = "custom resources as JSON, e.g. '{\"dataset\": 1}'")
  String resources;

  @Option(names = "--gcs", defaultValue = "zookeeper", description = "the head's GCS: zookeeper (a ZooKeeper "
      + "server inside the head), zk://HOST:PORT,HOST:PORT,...[/NAME] (an external ensemble; NAME keeps clusters "
      + "sharing one apart), memory, or zookeeper-simple (lab 5's GCS on a server inside the head) "
      + "(default ${DEFAULT-VALUE})")
  String gcs;

  @Option(names = "--policy", description = "the global scheduler's policy: a built-in name or a class name")
  String policy;

  @Option(names = "--dashboard-port",
      description = "the head's dashboard port on 127.0.0.1 (default 8265; 0: any free port; -1: no dashboard)")
  Integer dashboardPort;

  // Longer than the embedded cluster's 2 s: a JVM on a busy machine can stall for seconds, and a
  // live node declared dead stops itself (its work is rebuilt elsewhere).
  @Option(names = "--heartbeat-timeout-ms", defaultValue = "10000",
      description = "the head declares a node dead after this long without a heartbeat (default ${DEFAULT-VALUE})")
  long heartbeatTimeoutMs;

  @Option(names = "--worker-mode", defaultValue = "thread", description = "where this node runs its tasks: thread "
      + "(threads of its JVM, the default) or process (worker JVMs it starts: a task that exits or crashes its JVM "
      + "takes down only its worker)")
  String workerMode;

  @Option(names = "--object-store-memory", description = "bytes of objects this node's store keeps in memory "
      + "(miniray.objectstore.capacity.bytes, default 2 GiB); beyond them it spills to miniray.objectstore.spill.dir")
  Long objectStoreMemory;

  @Option(names = "--tls", description = "encrypt every connection of the cluster (TLS 1.3, both sides with a "
      + "certificate from the cluster's authority): the head makes the authority, cluster-ca.crt and cluster-ca.key "
      + "beside the token; copy them with the token to every machine. A node or driver whose home holds them "
      + "speaks TLS with or without this flag")
  boolean tls;

  @Option(names = "--block", description = "run in the foreground until stopped")
  boolean block;

  @Option(names = "--ready-file", hidden = true)
  Path readyFile;

  @Override
  public Integer call() throws Exception {
    if (head == (address != null)) {
      System.err.println("miniray start: give exactly one of --head or --address HOST:PORT");
      return 2;
    }
    if (!workerMode.equals("thread") && !workerMode.equals("process")) {
      System.err.println("miniray start: --worker-mode is thread or process, not '" + workerMode + "'");
      return 2;
    }
    if (!head) {
      ClusterProcess.parseAddresses(address); // a bad entry is named here, not in the node's log
    }
    ResourceSet res = resources();
    Map<String, String> values = new LinkedHashMap<>(gcsSettings(gcs));
    boolean gcsOutside = !values.getOrDefault(Keys.GCS_ZOOKEEPER_CONNECT.name(), "").isBlank();
    if (objectStoreMemory != null && objectStoreMemory < 1) {
      System.err.println("miniray start: --object-store-memory is a number of bytes, at least 1, not " + objectStoreMemory);
      return 2;
    }
    if (tls && head && !ClusterTls.existsBeside(cli.tokenFile())) {
      Files.createDirectories(cli.home);
      ClusterTls.createAuthority(cli.home);
    } else if (tls && !ClusterTls.existsBeside(cli.tokenFile())) {
      System.err.println("miniray start: --tls, but no cluster authority beside the token in " + cli.home + ": copy "
          + ClusterTls.AUTHORITY_CERTIFICATE + " and " + ClusterTls.AUTHORITY_KEY + " from the head's machine "
          + "(written by `miniray start --head --tls`), readable by this user only");
      return 2;
    }
    if (!block) {
      if (policy != null && head) {
        // Here, not only in the spawned head: a misspelt name or a class not on the classpath is
        // said on the terminal instead of in the head's log.
        try {
          SchedulingPolicies.selector().create(policy, MinirayConfig.load(Map.of()));
        } catch (ConfigException e) {
          System.err.println("miniray start: " + e.getMessage()
              + " (bin/miniray adds the directories and jars in MINIRAY_CLASSPATH to the classpath)");
          return 2;
        }
      }
      String running = head && !gcsOutside ? cli.headAnswering() : null;
      if (running != null) {
        System.err.println("miniray start: a head already runs at " + running + " (started from " + cli.home
            + "), and with --gcs " + gcs + " the GCS lives inside the head, so a second head cannot stand by for it: "
            + "start the heads with --gcs zk://HOST:PORT,... (a ZooKeeper ensemble outside them) to have a standby, "
            + "or stop the running one first (miniray stop)");
        return 2;
      }
      if (!head && !Files.exists(cli.tokenFile())) {
        System.err.println("miniray start: no cluster token at " + cli.tokenFile() + "; a node needs the token of "
            + "the head it joins (written by `miniray start --head` on the head's machine): copy it there, "
            + "readable by this user only");
        return 2;
      }
      return spawn();
    }
    Files.createDirectories(cli.home);
    if (policy != null) {
      values.put(Keys.SCHEDULING_POLICY.name(), policy);
    }
    if (dashboardPort != null) {
      values.put(Keys.DASHBOARD_PORT.name(), dashboardPort.toString());
    }
    values.put(Keys.HEARTBEAT_TIMEOUT_MS.name(), Long.toString(heartbeatTimeoutMs));
    values.put(Keys.WORKER_MODE.name(), workerMode);
    if (objectStoreMemory != null) {
      values.put(Keys.OBJECT_STORE_CAPACITY.name(), objectStoreMemory.toString());
    }
    values.put(Keys.TOKEN_FILE.name(), cli.tokenFile().toString()); // for its worker processes
    MinirayConfig config = MinirayConfig.load(values);
    ClusterProcess p;
    HeadLatch elected = null;
    if (head) {
      HeadLatch latch = gcsOutside ? HeadLatch.lead(config, electionId(), cli, active -> ready("standby", active))
          : null;
      elected = latch;
      if (gcsOutside && latch == null) {
        return 1; // it could not stand by (it said why), or it was stopped while standing by
      }
      ClusterToken token = Files.exists(cli.tokenFile()) ? ClusterToken.readFrom(cli.tokenFile()) : newToken();
      p = HeadProcess.start(config, host, port == null ? 6379 : port, res, token,
          () -> settings() + (latch == null ? "" : "; heads: " + latch.describe()));
    } else {
      ClusterToken token = ClusterToken.readFrom(cli.tokenFile());
      p = NodeProcess.join(config, ClusterProcess.parseAddresses(address), host, port == null ? 0 : port, res, token);
    }
    String where = p.address().getHostString() + ":" + p.address().getPort();
    if (head) {
      Files.writeString(cli.headFile(), where + "\n");
    }
    String dashboard = p.dashboardUrl().orElse("");
    ready(where, dashboard);
    CountDownLatch stopped = new CountDownLatch(1);
    HeadLatch leading = elected;
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      p.close();
      if (leading != null) {
        leading.close(); // after: a standby must not serve while this head still does
      }
      stopped.countDown();
    }));
    System.out.println((head ? "head" : "node") + " " + p.node().id() + " listening on " + where
        + (dashboard.isEmpty() ? "" : "; dashboard at " + dashboard));
    stopped.await();
    return 0;
  }

  /** Tells the command that started this process that it is ready: two lines, read once. */
  private void ready(String first, String second) throws IOException {
    if (readyFile != null) {
      // Written whole, then moved into place, so the spawner never reads half of it.
      Path partial = readyFile.resolveSibling(readyFile.getFileName() + ".partial");
      Files.writeString(partial, first + "\n" + second + "\n");
      Files.move(partial, readyFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      readyFile = null;
    }
  }

  /** This head's id in the heads' election: where it listens (as asked) and its pid. */
  private String electionId() {
    return host + ":" + (port == null ? "6379" : port == 0 ? "any port" : port.toString()) + " (pid "
        + ProcessHandle.current().pid() + ")";
  }

  /** A new token, written to its file, then read back with the cluster's TLS if an authority sits beside it. */
  private ClusterToken newToken() {
    ClusterToken.generate().writeTo(cli.tokenFile());
    return ClusterToken.readFrom(cli.tokenFile());
  }

  private ResourceSet resources() {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put(ResourceSet.CPU, cpus != null ? cpus : Runtime.getRuntime().availableProcessors());
    if (gpus != null) {
      m.put(ResourceSet.GPU, gpus);
    }
    if (resources != null) {
      m.putAll(parseJson(resources));
    }
    return ResourceSet.of(m);
  }

  /**
   * Why a process that ended before it was ready ended, from its log: the one-line reason the
   * command printed ("miniray start: ..."), else the last error, so the terminal says it.
   */
  static String reasonIn(Path log) {
    List<String> lines;
    try {
      lines = Files.readAllLines(log);
    } catch (IOException e) {
      return "";
    }
    String reason = null;
    for (String line : lines) {
      if (line.startsWith("miniray ")) {
        reason = line.substring(line.indexOf(": ") + 2);
      } else if (reason == null && (line.contains(" ERROR ") || line.startsWith("Exception"))) {
        reason = line;
      }
    }
    return reason == null ? "" : ": " + reason;
  }

  /** Starts this same command with --block in a new JVM, waits until it listens, and records it. */
  private int spawn() throws IOException, InterruptedException {
    Files.createDirectories(logs());
    Path ready = Files.createTempFile(cli.home, "ready", ".address");
    Files.delete(ready);
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // JVM options for the process this command starts: bin/miniray's own (MINIRAY_JAVA_OPTS, so
    // MINIRAY_JAVA_OPTS=-Xmx1g sizes every miniray JVM), then those for started processes alone
    // (MINIRAY_JVM_OPTS: a profiler, say), which win where both set one.
    for (String var : List.of("MINIRAY_JAVA_OPTS", "MINIRAY_JVM_OPTS")) {
      String jvmOpts = System.getenv(var);
      if (jvmOpts != null && !jvmOpts.isBlank()) {
        cmd.addAll(List.of(jvmOpts.trim().split("\\s+")));
      }
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    // Configuration given to this command as -Dminiray.*=... holds for the process it starts.
    for (String key : System.getProperties().stringPropertyNames()) {
      if (key.startsWith("miniray.")) {
        cmd.add("-D" + key + "=" + System.getProperty(key));
      }
    }
    cmd.add(Cli.class.getName());
    cmd.add("--home");
    cmd.add(cli.home.toString());
    cmd.add("start");
    cmd.add("--block");
    cmd.add("--ready-file");
    cmd.add(ready.toString());
    if (head) {
      cmd.add("--head");
    } else {
      cmd.add("--address");
      cmd.add(address);
    }
    cmd.addAll(List.of("--host", host, "--gcs", gcs));
    if (port != null) {
      cmd.addAll(List.of("--port", port.toString()));
    }
    if (policy != null) {
      cmd.addAll(List.of("--policy", policy));
    }
    if (dashboardPort != null) {
      cmd.addAll(List.of("--dashboard-port", dashboardPort.toString()));
    }
    cmd.addAll(List.of("--heartbeat-timeout-ms", Long.toString(heartbeatTimeoutMs)));
    cmd.addAll(List.of("--worker-mode", workerMode));
    if (objectStoreMemory != null) {
      cmd.addAll(List.of("--object-store-memory", objectStoreMemory.toString()));
    }
    ResourceSet r = resources();
    cmd.addAll(List.of("--num-cpus", Double.toString(r.get(ResourceSet.CPU))));
    if (gpus != null) {
      cmd.addAll(List.of("--num-gpus", gpus.toString()));
    }
    if (resources != null) {
      cmd.addAll(List.of("--resources", resources));
    }
    Path log = logs().resolve((head ? "head" : "node") + "-" + Clock.SYSTEM.millis() + ".log");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long deadline = Clock.SYSTEM.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.exists(ready) || Files.size(ready) == 0) {
      if (!p.isAlive()) {
        System.err.println("miniray start: the " + (head ? "head" : "node") + " exited with code " + p.exitValue()
            + reasonIn(log) + " (its log: " + log + ")");
        return 1;
      }
      if (Clock.SYSTEM.nanoTime() > deadline) {
        p.destroy();
        System.err.println("miniray start: no answer within 60 s; see " + log);
        return 1;
      }
      Thread.sleep(50);
    }
    List<String> lines = Files.readString(ready).lines().toList();
    String where = lines.get(0).trim();
    String dashboard = lines.size() > 1 ? lines.get(1).trim() : "";
    Files.delete(ready);
    Files.writeString(cli.processesFile(), p.pid() + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    if (head && where.equals("standby")) {
      System.out.println("Started a standby head (pid " + p.pid() + ", log " + log + "): the active head is "
          + dashboard + "; this one serves nothing, not even its port, until the active head's ZooKeeper session "
          + "ends, then it takes over.");
      System.out.println("Give nodes and drivers both heads: --address ACTIVE_HOST:PORT,STANDBY_HOST:PORT (or "
          + "Ray.init(\"ACTIVE_HOST:PORT,STANDBY_HOST:PORT\")); they follow whichever is active.");
    } else if (head) {
      System.out.println("Started the head at " + where + " (pid " + p.pid() + ", log " + log + ").");
      System.out.println("Cluster token: " + cli.tokenFile() + " (readable by this user only).");
      if (ClusterTls.existsBeside(cli.tokenFile())) {
        System.out.println("TLS:           every connection, with certificates from " + cli.home.resolve(
            ClusterTls.AUTHORITY_CERTIFICATE) + " and " + ClusterTls.AUTHORITY_KEY + " (copy both with the token)");
      }
      System.out.println("Join a node:   miniray start --address " + where);
      System.out.println("Run a driver:  Ray.init(\"" + where + "\") or -Dminiray.address=" + where);
      System.out.println(dashboard.isEmpty() ? "Dashboard:     not started (see the log)"
          : "Dashboard:     " + dashboard + " (it asks for the cluster token: the text in " + cli.tokenFile() + ")");
      System.out.println("Scheduling:    " + schedulingSettings());
      System.out.println("Logs:          " + logs() + " (one file per process started here)");
    } else {
      System.out.println("Started a node at " + where + " joined to " + address + " (pid " + p.pid() + ", log " + log
          + ").");
    }
    return 0;
  }

  /** The policy and the GCS, as start and status print them. */
  private String schedulingSettings() {
    return "policy " + (policy != null ? policy : Keys.SCHEDULING_POLICY.defaultText()) + ", GCS " + gcs
        + (gcs.equals("zookeeper") || gcs.equals("zookeeper-simple") ? " (a ZooKeeper server inside the head)" : "");
  }

  private Path logs() {
    return cli.home.resolve("logs");
  }

  /** What the head answers {@code miniray status} with: its settings and where its logs are. */
  private String settings() {
    return schedulingSettings() + "; logs: " + logs() + " on " + host;
  }

  /**
   * The configuration {@code --gcs VALUE} stands for: {@code memory}, {@code zookeeper} (an
   * embedded server), {@code zookeeper-simple} (lab 5's GCS, embedded server) or {@code zk://HOST:PORT,...[/NAME]}; a clear error naming what is wrong.
   */
  static Map<String, String> gcsSettings(String value) {
    String v = value.trim();
    if (v.equals("memory")) {
      return Map.of(Keys.GCS.name(), "memory");
    }
    if (v.equals("zookeeper") || v.equals("zookeeper-simple")) {
      // zookeeper-simple: lab 5's one-znode-per-row GCS, on a ZooKeeper server inside the head
      return Map.of(Keys.GCS.name(), v, Keys.GCS_ZOOKEEPER_CONNECT.name(), "");
    }
    if (!v.startsWith("zk://")) {
      throw new CommandLine.ParameterException(new CommandLine(new Cli()), "--gcs must be memory, zookeeper (a "
          + "ZooKeeper server inside the head), zookeeper-simple (lab 5's GCS, likewise) or zk://HOST:PORT,HOST:PORT,... (an external ensemble), got '" + value
          + "'");
    }
    String rest = v.substring("zk://".length());
    int slash = rest.indexOf('/');
    String hosts = slash < 0 ? rest : rest.substring(0, slash);
    String name = slash < 0 ? null : rest.substring(slash + 1);
    if (hosts.isEmpty()) {
      throw new CommandLine.ParameterException(new CommandLine(new Cli()),
          "--gcs " + value + " names no ZooKeeper server; give zk://HOST:PORT,HOST:PORT,...");
    }
    for (String h : hosts.split(",", -1)) {
      try {
        ClusterProcess.parseAddress(h.trim());
      } catch (IllegalArgumentException e) {
        throw new CommandLine.ParameterException(new CommandLine(new Cli()),
            "--gcs " + value + ": ZooKeeper server " + e.getMessage());
      }
    }
    if (name != null && !name.matches("[A-Za-z0-9._-]+")) {
      throw new CommandLine.ParameterException(new CommandLine(new Cli()), "--gcs " + value + ": cluster name '"
          + name + "' may hold only letters, digits, '.', '_' and '-'");
    }
    Map<String, String> m = new LinkedHashMap<>();
    m.put(Keys.GCS.name(), "zookeeper");
    m.put(Keys.GCS_ZOOKEEPER_CONNECT.name(), hosts.replace(" ", ""));
    if (name != null) {
      m.put(Keys.GCS_ZOOKEEPER_CLUSTER.name(), name);
    }
    return m;
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /** {"a": 1, "b": 0.5} to a map (Jackson reads it); a clear error naming what is wrong. */
  static Map<String, Double> parseJson(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw resourcesError("--resources is not JSON (" + e.getOriginalMessage() + "): " + json);
    }
    if (root == null || !root.isObject()) {
      throw resourcesError("--resources must be a JSON object such as {\"dataset\": 1}, got " + json);
    }
    Map<String, Double> m = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : root.properties()) {
      if (!e.getValue().isNumber()) {
        throw resourcesError("--resources: \"" + e.getKey() + "\" is " + e.getValue() + ", not a number");
      }
      m.put(e.getKey(), e.getValue().doubleValue());
    }
    return m;
  }

  private static CommandLine.ParameterException resourcesError(String message) {
    return new CommandLine.ParameterException(new CommandLine(new Cli()), message);
  }
}
