// The dashboard page: polls the /api/ endpoints every two seconds and redraws the tables.
// Values are put in with textContent only, so nothing from the cluster is ever run as HTML.
"use strict";

const POLL_MS = 2000;

function cell(tr, text, cls) {
  const td = document.createElement("td");
  td.textContent = text === undefined || text === null ? "" : String(text);
  if (cls) td.className = cls;
  tr.appendChild(td);
}

function fill(id, rows, render) {
  const body = document.getElementById(id);
  const fresh = document.createDocumentFragment();
  for (const r of rows) {
    const tr = document.createElement("tr");
    render(tr, r);
    fresh.appendChild(tr);
  }
  body.replaceChildren(fresh);
}

function resources(map) {
  if (!map) return "-";
  return Object.entries(map).map(([k, v]) => k + "=" + (Math.round(v * 100) / 100)).join(" ");
}

function bytes(n) {
  if (n === undefined || n === null) return "-";
  if (n < 1024) return n + " B";
  if (n < 1024 * 1024) return (n / 1024).toFixed(1) + " KiB";
  if (n < 1024 * 1024 * 1024) return (n / 1024 / 1024).toFixed(1) + " MiB";
  return (n / 1024 / 1024 / 1024).toFixed(2) + " GiB";
}

function millis(ms) {
  if (ms === undefined || ms === null) return "";
  return ms < 1000 ? ms.toFixed(1) + " ms" : (ms / 1000).toFixed(2) + " s";
}

// The job whose graph the page shows: the newest that ran a task, until one is picked in the jobs table.
let pickedJob = null;

function link(tr, text, href, onclick) {
  const td = document.createElement("td");
  const a = document.createElement("a");
  a.textContent = text;
  a.href = href;
  if (onclick) a.addEventListener("click", onclick);
  td.appendChild(a);
  tr.appendChild(td);
}

function when(ms) {
  return ms === undefined || ms === null ? "" : new Date(ms).toLocaleString();
}

async function get(path) {
  const r = await fetch(path, { credentials: "same-origin", cache: "no-store" });
  if (r.status === 401) {
    location.reload(); // the head restarted (new session): show the token form again
    throw new Error("the session ended");
  }
  if (!r.ok) throw new Error(path + ": HTTP " + r.status);
  return r.json();
}

async function refresh() {
  const [nodes, tasks, actors, objects, jobs] = await Promise.all(
    ["/api/nodes", "/api/tasks", "/api/actors", "/api/objects", "/api/jobs"].map(get));

  const running = jobs.jobs.filter(j => j.state === "RUNNING").length;
  document.getElementById("jobs-summary").textContent = "(" + jobs.jobs.length + ", " + running + " running)";
  fill("jobs-rows", jobs.jobs, (tr, j) => {
    tr.className = j.state;
    cell(tr, j.id + " (" + j.number + ")"); cell(tr, j.state); cell(tr, j.driver + " (" + j.pid + ")");
    cell(tr, j.entryPoint); cell(tr, when(j.startMillis));
    cell(tr, (j.state === "RUNNING" ? "running" : when(j.endMillis)) + " (" + millis(j.durationMillis) + ")");
    cell(tr, Object.entries(j.tasks).map(([state, n]) => n + " " + state.toLowerCase()).join(", ") || "none");
    const actors = j.actors.map(a => a.class.substring(a.class.lastIndexOf(".") + 1)
        + (a.name ? " \"" + a.name + "\"" : "") + " " + a.state);
    cell(tr, (actors.length ? j.actorCalls + " calls to " : "") + actors.join(", "));
    link(tr, "graph", "#graph", () => { pickedJob = j.id; refresh().catch(() => {}); });
  });

  const workers = nodes.filter(n => !n.id.startsWith("driver@"));
  const alive = workers.filter(n => n.alive).length;
  document.getElementById("nodes-summary").textContent = alive + " of " + workers.length + " nodes alive, "
      + (nodes.length - workers.length) + " drivers";
  fill("nodes-rows", nodes, (tr, n) => {
    // A driver is a job's program, not a node that failed: once it ends it is shown as ended, not dead.
    const driver = n.id.startsWith("driver@");
    tr.className = n.alive ? "alive" : driver ? "ended" : "dead";
    cell(tr, n.id); cell(tr, n.alive ? (driver ? "driver running" : "alive") : (driver ? "driver ended" : "dead"));
    cell(tr, n.address);
    cell(tr, resources(n.total)); cell(tr, resources(n.available));
    cell(tr, n.queue, "num"); cell(tr, n.objects, "num");
    cell(tr, n.storeBytes === undefined ? "" : bytes(n.storeBytes) + " / " + bytes(n.storeCapacityBytes), "num");
    cell(tr, n.spilledObjects === undefined ? "" : n.spilledObjects + ", " + bytes(n.spilledBytes), "num");
    cell(tr, n.avgTaskMillis === undefined ? "" : millis(n.avgTaskMillis), "num");
    cell(tr, n.forwardedForQueue === undefined ? "" : n.forwardedForQueue + "/" + n.forwardedForResources, "num");
  });

  for (const group of ["running", "pending", "finished"]) {
    document.getElementById(group + "-count").textContent = "(" + tasks[group].length + ")";
  }
  fill("running-rows", tasks.running, (tr, t) => {
    tr.className = t.state;
    cell(tr, t.name); cell(tr, t.id); cell(tr, t.job, "num"); cell(tr, t.node); cell(tr, millis(t.millis), "num");
  });
  fill("pending-rows", tasks.pending, (tr, t) => {
    tr.className = t.state;
    cell(tr, t.name); cell(tr, t.id); cell(tr, t.job, "num"); cell(tr, t.state); cell(tr, t.node);
  });
  fill("finished-rows", tasks.finished, (tr, t) => {
    tr.className = t.state;
    cell(tr, t.name); cell(tr, t.id); cell(tr, t.job, "num"); cell(tr, t.state); cell(tr, t.node);
    cell(tr, millis(t.millis), "num"); cell(tr, t.error);
  });

  document.getElementById("actors-count").textContent = "(" + actors.length + ")";
  fill("actors-rows", actors, (tr, a) => {
    tr.className = a.state;
    cell(tr, a.id); cell(tr, a.class); cell(tr, a.name); cell(tr, a.state); cell(tr, a.node);
    cell(tr, a.calls, "num"); cell(tr, a.restarts, "num");
  });

  fill("stores-rows", objects.stores, (tr, s) => {
    cell(tr, s.node); cell(tr, s.objects, "num"); cell(tr, bytes(s.bytes), "num");
  });
  document.getElementById("objects-count").textContent = "(" + objects.objects.length + ")";
  fill("objects-rows", objects.objects, (tr, o) => {
    cell(tr, o.id + (o.put ? " (put)" : "")); cell(tr, bytes(o.bytes), "num"); cell(tr, o.createdOn);
    cell(tr, o.copies.join(", "));
  });

  const job = pickedJob !== null ? pickedJob : jobs.latest;
  document.getElementById("graph-job").textContent = job === null ? "(no job yet)" : "(job " + job + ")";
  if (job !== null) {
    const q = "&job=" + job;
    document.getElementById("graph-svg").href = "/api/graph?format=svg" + q;
    document.getElementById("graph-dot").href = "/api/graph?format=dot" + q;
    document.getElementById("graph-json").href = "/api/graph?format=json" + q;
    // A new URL each time so the browser fetches the graph as it grows.
    const img = document.getElementById("graph-image");
    img.src = "/api/graph?format=svg" + q + "&at=" + Date.now();
    img.hidden = false;
  }
}

async function loop() {
  const status = document.getElementById("status");
  try {
    await refresh();
    status.className = "status";
    status.textContent = "updated " + new Date().toLocaleTimeString();
  } catch (e) {
    status.className = "status error";
    status.textContent = "cannot reach the head: " + e.message;
  }
  setTimeout(loop, POLL_MS);
}

document.addEventListener("DOMContentLoaded", loop);
