package org.miniray.gcs.remote;

/** The RPC message types of the GCS protocol (100-199). */
public final class GcsMessages {
  private GcsMessages() {}

  /** Request: a {@link GcsCall}; reply: the call's result. */
  public static final int CALL = 100;
  /** Request: a {@link GcsCall} of a subscribe method; reply: empty once the listener is registered. */
  public static final int SUBSCRIBE = 101;
  /** One-way: a subscription id (a Long) to close. */
  public static final int UNSUBSCRIBE = 102;
  /** Push from the head: a {@link GcsNotification}. */
  public static final int NOTIFY = 103;
  /** One-way: a {@link GcsCall} whose result nobody reads (a failure is logged by the head). */
  public static final int CALL_ONE_WAY = 104;

  public static boolean isGcs(int type) {
    return type >= 100 && type < 200;
  }
}
