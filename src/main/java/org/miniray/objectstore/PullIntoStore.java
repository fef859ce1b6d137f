package org.miniray.objectstore;

import java.nio.ByteBuffer;
import org.miniray.events.Event;
import org.miniray.id.NodeId;
import org.miniray.id.ObjectId;
import org.miniray.serialization.ArrivingChecksum;
import org.miniray.transport.BodySink;

/**
 * Where one pull of an object from another node receives its bytes ({@link ObjectManager#intoStore}):
 * straight into slabs the local store reserves for it ({@link ObjectStore#reserve}), one copy from
 * the network's buffers, when the store takes it that way (a large object); else the transport's
 * heap array, as before. The object becomes visible, and its location published, only once every
 * byte is in and its checksum (if its encoding has one) matches; a transfer that fails or is cut
 * off frees the reservation, and the pull is tried again like any failed pull.
 */
final class PullIntoStore implements BodySink {
  private final ObjectManager m;
  private final ObjectId id;
  private final NodeId holder;
  private final long startNanos;

  PullIntoStore(ObjectManager m, ObjectId id, NodeId holder) {
    this.m = m;
    this.id = id;
    this.holder = holder;
    this.startNanos = m.clock.nanoTime();
  }

  @Override
  public Body open(byte encoding, int length) {
    if (m.dead || m.dropsArrivalOf(id)) {
      return null; // received as before, then dropped as before
    }
    ObjectStore.Reservation room = m.store.reserve(id, encoding, length, false);
    return room == null ? null : new Arrival(room, ArrivingChecksum.of(encoding, length), length);
  }

  /** A pulled object being received into the store's memory. */
  private final class Arrival implements BodySink.Body {
    private final ObjectStore.Reservation room;
    private final ArrivingChecksum checksum; // null: the encoding has none
    private final int length;

    Arrival(ObjectStore.Reservation room, ArrivingChecksum checksum, int length) {
      this.room = room;
      this.checksum = checksum;
      this.length = length;
    }

    @Override
    public void write(long at, ByteBuffer src) {
      if (checksum != null) {
        checksum.update(at, src);
      }
      room.write(at, src);
    }

    @Override
    public void complete() {
      try {
        if (checksum != null) {
          checksum.verify();
        }
      } catch (RuntimeException e) {
        room.cancel();
        throw new IllegalStateException("object " + id + " pulled from " + holder + " was refused: " + e.getMessage(), e);
      }
      if (m.dead) {
        room.cancel();
        throw new IllegalStateException("node " + m.self + " died while object " + id + " was pulled here");
      }
      double ms = Math.max((m.clock.nanoTime() - startNanos) / 1e6, 1e-3);
      m.bandwidth.add(length / ms);
      m.events.object(Event.Kind.OBJECT_TRANSFERRED, id, length, holder.value());
      // As a put that arrives: a free (or the job's end) may have come while the bytes did.
      boolean stored = room.commit();
      if (stored && m.dropsArrivalOf(id)) {
        m.store.delete(id);
        stored = false;
      }
      if (stored) {
        m.publish(id, length);
        m.arrived(id); // a copy pulled after its owner released the object is released too
      }
    }

    @Override
    public void abort(Throwable why) {
      room.cancel();
    }
  }
}
