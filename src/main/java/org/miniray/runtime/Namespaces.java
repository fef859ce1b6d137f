package org.miniray.runtime;

import java.util.concurrent.ConcurrentHashMap;
import org.miniray.config.ConfigException;
import org.miniray.config.Keys;
import org.miniray.config.MinirayConfig;
import org.miniray.gcs.JobTable;
import org.miniray.id.JobId;

/**
 * Where named actors live, as in Ray: a namespace per job unless its driver sets one
 * ({@code miniray.namespace}), so jobs that share a namespace share names and other jobs never
 * see them. The actor table keys a named actor by {@code NAMESPACE/NAME} ({@code ActorEntry}
 * splits it back); a job's own namespace is {@code job-} and its id ({@code job-01000000}), a
 * prefix no driver may choose. Any node
 * learns a job's namespace from the job table, once.
 */
final class Namespaces {
  static final String OWN_PREFIX = "job-";

  private final JobTable jobs;
  private final ConcurrentHashMap<JobId, String> known = new ConcurrentHashMap<>();

  Namespaces(JobTable jobs) {
    this.jobs = jobs;
  }

  /** The namespace a driver set in {@code config}, or null for one of its job's own; a clear error for a bad one. */
  static String fromConfig(MinirayConfig config) {
    String ns = config.get(Keys.NAMESPACE).trim();
    if (ns.isEmpty()) {
      return null;
    }
    try {
      check(ns);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(Keys.NAMESPACE.name() + ": " + e.getMessage());
    }
    return ns;
  }

  /** Refuses a namespace a program names that is empty, holds '/', or takes a job's own prefix. */
  static void check(String namespace) {
    if (namespace == null || namespace.isBlank() || namespace.contains("/") || namespace.startsWith(OWN_PREFIX)) {
      throw new IllegalArgumentException("namespace '" + namespace + "' must be a non-empty name without '/' that does"
          + " not start with '" + OWN_PREFIX + "' (the prefix of each job's own namespace)");
    }
  }

  /** The namespace of job {@code job}'s named actors. */
  String of(JobId job) {
    return known.computeIfAbsent(job, j -> {
      String set = jobs.lookup(j).join().map(e -> e.info().namespace()).orElse(null);
      return set != null ? set : OWN_PREFIX + j.hex();
    });
  }

  /** The actor table's key for {@code name} in {@code namespace}. */
  static String key(String namespace, String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("an actor's name is not blank, got '" + name + "'");
    }
    return namespace + "/" + name;
  }
}
