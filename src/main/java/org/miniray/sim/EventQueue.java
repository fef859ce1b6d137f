package org.miniray.sim;

import java.util.Arrays;

/**
 * The simulator's agenda: events ordered by virtual time, ties broken by the order they were
 * scheduled, so that a run replays exactly. An event is two ints (a kind and an argument)
 * kept in parallel primitive arrays, because a million-task run schedules millions of events
 * and one object per event would dominate the run time.
 */
final class EventQueue {
  private long[] times = new long[1024];
  private long[] seqs = new long[1024];
  private long[] payloads = new long[1024];
  private int size;
  private long nextSeq;

  // The event just taken by poll().
  private long time;
  private int kind;
  private int arg;

  void schedule(long atNanos, int kind, int arg) {
    if (size == times.length) {
      int n = size * 2;
      times = Arrays.copyOf(times, n);
      seqs = Arrays.copyOf(seqs, n);
      payloads = Arrays.copyOf(payloads, n);
    }
    long payload = ((long) kind << 32) | (arg & 0xFFFF_FFFFL);
    long seq = nextSeq++;
    int i = size++;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!before(atNanos, seq, times[parent], seqs[parent])) {
        break;
      }
      move(parent, i);
      i = parent;
    }
    put(i, atNanos, seq, payload);
  }

  boolean isEmpty() {
    return size == 0;
  }

  int size() {
    return size;
  }

  /** Takes the earliest event; read it with {@link #time}, {@link #kind} and {@link #arg}. */
  void poll() {
    if (size == 0) {
      throw new IllegalStateException("no event is scheduled");
    }
    time = times[0];
    long payload = payloads[0];
    kind = (int) (payload >>> 32);
    arg = (int) payload;
    size--;
    if (size == 0) {
      return;
    }
    long t = times[size];
    long s = seqs[size];
    long p = payloads[size];
    int i = 0;
    while (true) {
      int child = 2 * i + 1;
      if (child >= size) {
        break;
      }
      if (child + 1 < size && before(times[child + 1], seqs[child + 1], times[child], seqs[child])) {
        child++;
      }
      if (!before(times[child], seqs[child], t, s)) {
        break;
      }
      move(child, i);
      i = child;
    }
    put(i, t, s, p);
  }

  long time() {
    return time;
  }

  int kind() {
    return kind;
  }

  int arg() {
    return arg;
  }

  private static boolean before(long t1, long s1, long t2, long s2) {
    return t1 < t2 || (t1 == t2 && s1 < s2);
  }

  private void move(int from, int to) {
    times[to] = times[from];
    seqs[to] = seqs[from];
    payloads[to] = payloads[from];
  }

  private void put(int i, long t, long s, long p) {
    times[i] = t;
    seqs[i] = s;
    payloads[i] = p;
  }
}
