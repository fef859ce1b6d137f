package org.miniray.objectstore;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.miniray.id.JobId;
import org.miniray.id.ObjectId;

/**
 * The call sites of the objects a node owns (made by a {@code put} or {@code remote()} on it),
 * while they live, for {@code miniray memory}: an entry goes when its object is released or freed
 * here, or its job ends. Empty unless call sites are recorded ({@code miniray.memory.call.sites}).
 */
final class CallSiteTable {
  private final Map<ObjectId, String> sites = new ConcurrentHashMap<>();

  void record(ObjectId id, String callSite) {
    sites.put(id, callSite);
  }

  void forget(ObjectId id) {
    sites.remove(id);
  }

  void forgetJob(JobId job) {
    sites.keySet().removeIf(id -> id.isOf(job));
  }

  /** Every call site kept, in one copy. */
  Map<ObjectId, String> snapshot() {
    return Map.copyOf(sites);
  }
}
