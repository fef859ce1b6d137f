package org.miniray.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.miniray.api.ActorHandle;
import org.miniray.api.ObjectRef;
import org.miniray.api.Ray;

/**
 * Data-parallel training with actors: a parameter-server actor holds the weights of a linear
 * model; worker actors each hold a shard of a synthetic regression problem and compute the
 * gradient of the mean squared error on their shard for the weights they are sent. Each step
 * the server averages the workers' gradients and takes one SGD step.
 */
public final class ParameterServer {
  private final double[] weights;
  private final double learningRate;

  public ParameterServer(int dimensions, double learningRate) {
    this.weights = new double[dimensions];
    this.learningRate = learningRate;
  }

  public double[] getWeights() {
    return weights.clone();
  }

  /** One SGD step with the average of the given gradients; returns the new weights. */
  public double[] applyGradients(double[] g1, double[] g2, double[] g3, double[] g4) {
    double[][] gs = {g1, g2, g3, g4};
    for (int i = 0; i < weights.length; i++) {
      double sum = 0;
      for (double[] g : gs) {
        sum += g[i];
      }
      weights[i] -= learningRate * sum / gs.length;
    }
    return weights.clone();
  }

  /** A worker: one shard of the data, y = x . trueWeights + noise. */
  public static final class Worker {
    private final double[][] x;
    private final double[] y;

    public Worker(int samples, int dimensions, long seed) {
      SplittableRandom truth = new SplittableRandom(7); // the same true weights on every worker
      double[] w = new double[dimensions];
      for (int i = 0; i < dimensions; i++) {
        w[i] = truth.nextDouble(-2, 2);
      }
      SplittableRandom r = new SplittableRandom(seed);
      x = new double[samples][dimensions];
      y = new double[samples];
      for (int s = 0; s < samples; s++) {
        double dot = 0;
        for (int i = 0; i < dimensions; i++) {
          x[s][i] = r.nextDouble(-1, 1);
          dot += x[s][i] * w[i];
        }
        y[s] = dot + r.nextGaussian() * 0.01;
      }
    }

    /** The gradient of the mean squared error on this shard; its last element is the loss. */
    public double[] gradient(double[] weights) {
      int d = weights.length;
      double[] g = new double[d + 1];
      for (int s = 0; s < y.length; s++) {
        double err = -y[s];
        for (int i = 0; i < d; i++) {
          err += x[s][i] * weights[i];
        }
        for (int i = 0; i < d; i++) {
          g[i] += 2 * err * x[s][i] / y.length;
        }
        g[d] += err * err / y.length;
      }
      return g;
    }
  }

  /**
   * Trains for {@code steps} steps with one {@code ParameterServer} actor (learning rate 0.3)
   * and four {@link Worker} actors of {@code samplesPerWorker} samples each (seeds 0 to 3).
   * Each step every worker computes its gradient for the current weights and the server
   * applies the four; returns the mean of the workers' losses at each step, in order. Weights
   * travel as futures: the driver never fetches them.
   */
  public static List<Double> train(int steps, int samplesPerWorker, int dimensions) {
    // BEGIN SOLUTION(lab1)
    // A server actor and four worker actors; each step, every worker's gradient goes to the server.
    ActorHandle<ParameterServer> server = Ray.actor(ParameterServer::new, dimensions, 0.3).remote();
    List<ActorHandle<Worker>> workers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      workers.add(Ray.actor(Worker::new, samplesPerWorker, dimensions, (long) i).remote());
    }
    List<Double> losses = new ArrayList<>();
    ObjectRef<double[]> weights = server.task(ParameterServer::getWeights).remote();
    for (int step = 0; step < steps; step++) {
      List<ObjectRef<double[]>> grads = new ArrayList<>();
      for (ActorHandle<Worker> w : workers) {
        grads.add(w.task(Worker::gradient, weights).remote());
      }
      weights = server.task(ParameterServer::applyGradients, grads.get(0), grads.get(1), grads.get(2), grads.get(3))
          .remote();
      double loss = 0;
      for (double[] g : Ray.get(grads)) {
        loss += g[g.length - 1] / grads.size();
      }
      losses.add(loss);
    }
    return losses;
    // END SOLUTION
  }
}
