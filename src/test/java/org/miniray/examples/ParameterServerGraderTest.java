package org.miniray.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.miniray.api.Ray;
import org.miniray.examples.TaskCensus.Counted;
import org.miniray.id.TaskId;
import org.miniray.task.TaskArg;
import org.miniray.task.TaskSpec;
import org.miniray.labs.GradeRecorder;
import org.miniray.labs.Points;
import org.miniray.task.TaskKind;

/**
 * Lab 1, part 2: {@link ParameterServer#train} learns, and with actors. The cluster uses the
 * least-loaded policy so that lab 1 does not depend on lab 2's policy.
 */
@Tag("lab1")
@Tag("lab1-part2")
@ExtendWith(GradeRecorder.class)
@Timeout(60)
class ParameterServerGraderTest {

  @BeforeAll
  static void start() {
    Ray.init(Map.of("miniray.nodes", "2", "miniray.scheduler.policy", "least-loaded"));
  }

  @AfterAll
  static void stop() {
    Ray.shutdown();
  }

  @Test
  @Points(20)
  @DisplayName("training reduces the loss at least tenfold in 30 steps")
  void reducesTheLossTenfold() {
    List<Double> losses = ParameterServer.train(30, 500, 10);
    assertThat(losses).as("one loss per step").hasSize(30);
    assertThat(losses.get(29))
        .as("the last loss should be under a tenth of the first (losses: %s)", losses)
        .isLessThan(losses.get(0) / 10);
  }

  @Test
  @Points(10)
  @DisplayName("the first loss is the workers' mean loss at zero weights")
  void firstLossIsTheWorkersMeanAtZeroWeights() {
    int samples = 200;
    int dims = 5;
    double expected = 0;
    for (long seed = 0; seed < 4; seed++) {
      double[] g = new ParameterServer.Worker(samples, dims, seed).gradient(new double[dims]);
      expected += g[dims] / 4;
    }
    List<Double> losses = ParameterServer.train(3, samples, dims);
    assertThat(losses).as("one loss per step").hasSize(3);
    assertThat(losses.get(0))
        .as("step 0 runs with the server's initial (zero) weights and workers seeded 0 to 3")
        .isCloseTo(expected, within(1e-9));
  }

  @Test
  @Points(10)
  @DisplayName("training uses a server actor and four worker actors")
  void usesActors() {
    int steps = 5;
    Counted<List<Double>> run = TaskCensus.count(() -> ParameterServer.train(steps, 100, 4));
    assertThat(run.ofKind(TaskKind.ACTOR_CREATION))
        .as("actors created: one parameter server and four workers")
        .isGreaterThanOrEqualTo(5);
    assertThat(run.calls(ParameterServer.Worker.class, "gradient"))
        .as("gradient calls on worker actors: four per step")
        .isGreaterThanOrEqualTo(4L * steps);
    assertThat(run.calls(ParameterServer.class, "applyGradients"))
        .as("applyGradients calls on the server: one per step")
        .isGreaterThanOrEqualTo(steps);
  }

  @Test
  @Points(10)
  @DisplayName("the weights go from the server to the workers as futures, never through the driver")
  void weightsTravelAsFuturesNotThroughTheDriver() {
    int steps = 4;
    Counted<List<Double>> run = TaskCensus.count(() -> ParameterServer.train(steps, 100, 4));
    Map<TaskId, TaskSpec> byId = new HashMap<>();
    run.tasks().forEach(t -> byId.put(t.taskId(), t));
    List<TaskSpec> gradients = run.tasks().stream()
        .filter(t -> t.function().className().equals(ParameterServer.Worker.class.getName())
            && t.function().methodName().equals("gradient")).toList();
    assertThat(gradients).as("gradient calls: four per step").hasSizeGreaterThanOrEqualTo(4 * steps);
    for (TaskSpec g : gradients) {
      TaskArg weights = g.args().get(0);
      assertThat(weights).as("the weights of %s: passed by value, they were fetched to the driver; pass the"
          + " server's returned ObjectRef", g).isInstanceOf(TaskArg.ByRef.class);
      TaskSpec maker = byId.get(((TaskArg.ByRef) weights).id().task());
      assertThat(maker != null && maker.function().className().equals(ParameterServer.class.getName()))
          .as("the weights of %s were made by %s, not by the parameter server", g,
              maker == null ? "the driver (Ray.put?)" : maker)
          .isTrue();
    }
    run.tasks().stream().filter(t -> t.function().methodName().equals("applyGradients"))
        .forEach(a -> assertThat(a.args()).as("the gradients %s receives", a)
            .allSatisfy(arg -> assertThat(arg).as("a gradient passed by value went through the driver")
                .isInstanceOf(TaskArg.ByRef.class)));
  }
}
