package org.miniray.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.miniray.api.Ray;
import org.miniray.examples.TaskCensus.Counted;
import org.miniray.id.ObjectId;
import org.miniray.id.TaskId;
import org.miniray.task.TaskArg;
import org.miniray.task.TaskSpec;
import org.miniray.labs.GradeRecorder;
import org.miniray.labs.Points;

/**
 * Lab 1, part 1: {@link ParallelSort} sorts correctly, and with tasks. The cluster uses the
 * least-loaded policy so that lab 1 does not depend on lab 2's policy.
 */
@Tag("lab1")
@Tag("lab1-part1")
@ExtendWith(GradeRecorder.class)
@Timeout(60)
class ParallelSortGraderTest {

  @BeforeAll
  static void start() {
    Ray.init(Map.of("miniray.nodes", "2", "miniray.scheduler.policy", "least-loaded"));
  }

  @AfterAll
  static void stop() {
    Ray.shutdown();
  }

  private static void assertSortsLikeArraysSort(int[] data, int pieces) {
    int[] expected = data.clone();
    Arrays.sort(expected);
    assertThat(ParallelSort.sort(data.clone(), pieces))
        .as("sort of %d numbers in %d pieces should equal Arrays.sort", data.length, pieces)
        .isEqualTo(expected);
  }

  @Test
  @Points(5)
  @DisplayName("merge combines two sorted arrays into one sorted array")
  void mergeCombinesSortedArrays() {
    SplittableRandom r = new SplittableRandom(5);
    for (int trial = 0; trial < 50; trial++) {
      int[] a = r.ints(r.nextInt(0, 40), -20, 20).sorted().toArray();
      int[] b = r.ints(r.nextInt(0, 40), -20, 20).sorted().toArray();
      int[] expected = new int[a.length + b.length];
      System.arraycopy(a, 0, expected, 0, a.length);
      System.arraycopy(b, 0, expected, a.length, b.length);
      Arrays.sort(expected);
      assertThat(ParallelSort.merge(a, b)).as("merge(%s, %s)", Arrays.toString(a), Arrays.toString(b))
          .isEqualTo(expected);
    }
  }

  @Test
  @Points(15)
  @DisplayName("parallel sort gives the same answer as Arrays.sort on random inputs")
  void sortsLikeArraysSort() {
    assertSortsLikeArraysSort(ParallelSort.randomInput(200_001, 3), 7);
    assertSortsLikeArraysSort(ParallelSort.randomInput(100_000, 4), 8);
    assertSortsLikeArraysSort(ParallelSort.randomInput(1_000, 5), 3);
    assertSortsLikeArraysSort(new SplittableRandom(6).ints(50_000, 0, 10).toArray(), 5); // many duplicates
  }

  @Test
  @Points(10)
  @DisplayName("parallel sort handles empty input, one piece, and fewer numbers than pieces")
  void handlesEdgeCases() {
    assertThat(ParallelSort.sort(new int[0], 4)).as("sorting nothing").isEmpty();
    assertSortsLikeArraysSort(new int[] {42}, 4);
    assertSortsLikeArraysSort(new int[] {3, 1, 2}, 8);
    assertSortsLikeArraysSort(ParallelSort.randomInput(10_000, 7), 1);
    assertSortsLikeArraysSort(new int[] {Integer.MAX_VALUE, Integer.MIN_VALUE, 0, -1, 1}, 2);
  }

  @Test
  @Points(10)
  @DisplayName("parallel sort runs a sort task per piece and merges in tasks")
  void usesSortAndMergeTasks() {
    int[] data = ParallelSort.randomInput(80_000, 8);
    Counted<int[]> run = TaskCensus.count(() -> ParallelSort.sort(data, 8));
    assertThat(run.calls(ParallelSort.class, "sortPiece"))
        .as("sortPiece tasks for 8 pieces (tasks seen: %d)", run.tasks().size())
        .isGreaterThanOrEqualTo(8);
    assertThat(run.calls(ParallelSort.class, "merge"))
        .as("merge tasks: the sorted pieces should be merged by tasks, not by the driver")
        .isGreaterThanOrEqualTo(1);
  }

  @Test
  @Points(10)
  @DisplayName("the sorted pieces travel as futures: merges take the pieces' refs, pair them up in a tree, and one result is left for the driver")
  void piecesTravelAsFuturesThroughATreeOfMerges() {
    assertPiecesTravelAsFuturesThroughATree(ParallelSort.randomInput(80_000, 9), 8);
  }

  /**
   * Sorts {@code data} in {@code pieces} pieces (at least two numbers a piece) and checks the
   * task table: every merge takes refs of sortPiece or merge results, each result is merged
   * once, one is left for the driver, and the merges take ceil(log2(pieces)) rounds.
   */
  static void assertPiecesTravelAsFuturesThroughATree(int[] data, int pieces) {
    Counted<int[]> run = TaskCensus.count(() -> ParallelSort.sort(data, pieces));
    Map<TaskId, TaskSpec> byId = new HashMap<>();
    run.tasks().forEach(t -> byId.put(t.taskId(), t));
    List<TaskSpec> sorts = run.tasks().stream().filter(t -> is(t, "sortPiece")).toList();
    List<TaskSpec> merges = run.tasks().stream().filter(t -> is(t, "merge")).toList();
    assertThat(sorts).as("sortPiece tasks for %d pieces", pieces).hasSize(pieces);
    Map<ObjectId, Integer> uses = new HashMap<>();
    Map<ObjectId, Integer> depth = new HashMap<>();
    sorts.forEach(t -> depth.put(t.returnId(), 0));
    for (TaskSpec m : merges) { // submitted in order, so each merge's inputs come before it
      int d = 0;
      for (TaskArg arg : m.args()) {
        assertThat(arg).as("an argument of %s: a sorted piece passed by value went through the driver; pass the"
            + " ObjectRef instead", m).isInstanceOf(TaskArg.ByRef.class);
        ObjectId input = ((TaskArg.ByRef) arg).id();
        TaskSpec maker = byId.get(input.task());
        assertThat(maker != null && (is(maker, "sortPiece") || is(maker, "merge")))
            .as("%s takes %s, made by %s: merge inputs should be the results of sortPiece or merge tasks", m, input,
                maker == null ? "the driver (Ray.put?)" : maker)
            .isTrue();
        uses.merge(input, 1, Integer::sum);
        d = Math.max(d, depth.getOrDefault(input, 0) + 1);
      }
      depth.put(m.returnId(), d);
    }
    List<ObjectId> unmerged = depth.keySet().stream().filter(id -> !uses.containsKey(id)).toList();
    assertThat(unmerged).as("results no merge task took (one, the final array, is left for the driver to get)")
        .hasSize(1);
    assertThat(uses).as("results merged more than once").allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
    assertThat(merges).as("merge tasks for %d pieces (a binary tree has pieces - 1)", pieces).hasSize(pieces - 1);
    int rounds = 32 - Integer.numberOfLeadingZeros(pieces - 1); // ceil(log2(pieces))
    assertThat(depth.get(unmerged.get(0)))
        .as("rounds of merges above the pieces: pairing the %d pieces round by round takes %d; merging one piece"
            + " at a time into a running result takes %d", pieces, rounds, pieces - 1)
        .isEqualTo(rounds);
  }

  private static boolean is(TaskSpec t, String method) {
    return t.function().className().equals(ParallelSort.class.getName()) && t.function().methodName().equals(method);
  }
}
