package org.miniray.fault;

import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;

/**
 * The unreliable network of the deterministic modes ({@link LineageSimulation},
 * {@link ActorCheckpointSimulation}), as {@code FaultyTransport} makes it for the cluster graders'
 * {@code delayMessages(0.2, 5)} and {@code dropMessages(0.05)}, with every choice from the run's
 * seeded {@link Random}. A delayed message arrives 1 to 5 ms later. A dropped one is seen by its
 * sender as an unreachable node, which every sender handles by sending again after a back-off
 * (1 to 10 ms here): a drop is a longer delay, or a loss if the sender dies before it sends again.
 * A message whose receiver died meanwhile is lost.
 *
 * <p>A clean network draws nothing from the random source and delivers a message with no base
 * delay at once, so that a clean run is the same run it was before the network was modelled.
 */
final class SimNetwork {
  private static final long MS = 1_000_000L;
  static final double DELAY_P = 0.2;
  static final long MAX_DELAY_MILLIS = 5;
  static final double DROP_P = 0.05;
  static final long MAX_BACKOFF_MILLIS = 10;

  /** The simulation's agenda: {@code action} runs {@code delayNanos} of virtual time from now. */
  interface Agenda {
    void at(long delayNanos, Runnable action);
  }

  private final int level;
  private final Random random;
  private final Agenda agenda;
  private int dropped;
  private int delayed;

  /** @param level 0 clean, 1 delays, 2 delays and drops (as a property's {@code network}) */
  SimNetwork(int level, Random random, Agenda agenda) {
    if (level < 0 || level > 2) {
      throw new IllegalArgumentException("a network is 0 (clean), 1 (delays) or 2 (delays and drops), not " + level);
    }
    this.level = level;
    this.random = random;
    this.agenda = agenda;
  }

  static String describe(int level) {
    return List.of("clean", "delays", "delays+drops").get(level);
  }

  /**
   * Sends one message that takes {@code baseNanos} on a clean network. It reaches the receiver
   * ({@code deliver}) if the receiver is up when it arrives, and is lost ({@code lost}) otherwise,
   * or if its sender is down when a drop makes it send again.
   */
  void send(long baseNanos, BooleanSupplier senderUp, BooleanSupplier receiverUp, Runnable deliver, Runnable lost) {
    if (level == 2 && random.nextDouble() < DROP_P) {
      dropped++;
      agenda.at((1 + random.nextInt((int) MAX_BACKOFF_MILLIS)) * MS, () -> {
        if (senderUp.getAsBoolean()) {
          send(baseNanos, senderUp, receiverUp, deliver, lost);
        } else {
          lost.run();
        }
      });
      return;
    }
    long extra = 0;
    if (level >= 1 && random.nextDouble() < DELAY_P) {
      delayed++;
      extra = (1 + random.nextInt((int) MAX_DELAY_MILLIS)) * MS;
    }
    if (baseNanos + extra == 0) {
      arrive(receiverUp, deliver, lost);
    } else {
      agenda.at(baseNanos + extra, () -> arrive(receiverUp, deliver, lost));
    }
  }

  private static void arrive(BooleanSupplier receiverUp, Runnable deliver, Runnable lost) {
    if (receiverUp.getAsBoolean()) {
      deliver.run();
    } else {
      lost.run();
    }
  }

  /** How many sends were dropped (each sent again or lost) and how many delayed, for a run's summary. */
  String summary() {
    return describe(level) + ": " + delayed + " message(s) delayed, " + dropped + " dropped";
  }

  int dropped() {
    return dropped;
  }

  int delayed() {
    return delayed;
  }
}
