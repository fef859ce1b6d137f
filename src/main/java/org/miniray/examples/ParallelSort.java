package org.miniray.examples;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.miniray.api.ObjectRef;
import org.miniray.api.Ray;

/**
 * Sorts numbers with tasks: split the input into pieces, sort each piece in its own task, then
 * merge the sorted pieces pairwise in a tree of merge tasks. Every piece travels as an object
 * reference; the driver only holds the final answer.
 */
public final class ParallelSort {
  private ParallelSort() {}

  /** Sorts one piece; the input array is the task's own copy. */
  public static int[] sortPiece(int[] piece) {
    Arrays.sort(piece);
    return piece;
  }

  /** Merges two sorted arrays into one. */
  public static int[] merge(int[] a, int[] b) {
    // BEGIN SOLUTION(lab1)
    // Merge the two sorted arrays: repeatedly take the smaller head.
    int[] out = new int[a.length + b.length];
    int i = 0;
    int j = 0;
    int k = 0;
    while (i < a.length && j < b.length) {
      out[k++] = a[i] <= b[j] ? a[i++] : b[j++];
    }
    while (i < a.length) {
      out[k++] = a[i++];
    }
    while (j < b.length) {
      out[k++] = b[j++];
    }
    return out;
    // END SOLUTION
  }

  /** Random input, the same for the same seed. */
  public static int[] randomInput(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = r.nextInt();
    }
    return a;
  }

  /**
   * Sorts {@code data} with {@code pieces} sort tasks and a tree of merge tasks: the sorted
   * pieces are merged pairwise, each merge a task whose arguments are the futures of the two
   * sorted halves, so no piece passes through the driver. Returns a new array; {@code data}
   * may be empty and may have fewer elements than {@code pieces}.
   */
  public static int[] sort(int[] data, int pieces) {
    // BEGIN SOLUTION(lab1)
    // One sortPiece task per piece, then merge tasks pairwise until one array is left.
    List<ObjectRef<int[]>> sorted = new ArrayList<>(pieces);
    int step = (data.length + pieces - 1) / pieces;
    for (int from = 0; from < data.length; from += step) {
      int[] piece = Arrays.copyOfRange(data, from, Math.min(data.length, from + step));
      sorted.add(Ray.task(ParallelSort::sortPiece, piece).remote());
    }
    while (sorted.size() > 1) {
      List<ObjectRef<int[]>> next = new ArrayList<>();
      for (int i = 0; i + 1 < sorted.size(); i += 2) {
        next.add(Ray.task(ParallelSort::merge, sorted.get(i), sorted.get(i + 1)).remote());
      }
      if (sorted.size() % 2 == 1) {
        next.add(sorted.get(sorted.size() - 1));
      }
      sorted = next;
    }
    return sorted.isEmpty() ? new int[0] : Ray.get(sorted.get(0));
    // END SOLUTION
  }

  public static boolean isSorted(int[] a) {
    for (int i = 1; i < a.length; i++) {
      if (a[i - 1] > a[i]) {
        return false;
      }
    }
    return true;
  }
}
