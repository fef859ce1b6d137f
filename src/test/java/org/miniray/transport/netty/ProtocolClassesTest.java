package org.miniray.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.miniray.events.Event;
import org.miniray.gcs.ActorEntry;
import org.miniray.gcs.JobEntry;
import org.miniray.gcs.NodeEntry;
import org.miniray.gcs.ObjectEntry;
import org.miniray.gcs.TaskEntry;
import org.miniray.id.ActorId;
import org.miniray.id.NodeId;
import org.miniray.id.ObjectId;
import org.miniray.id.TaskId;
import org.miniray.serialization.ProtocolTypes;
import org.miniray.serialization.WireCodec;
import org.miniray.transport.netty.Protocol.Message;
import org.junit.jupiter.api.Test;

/** The wire's table ({@link Protocol#CLASSES}) holds every class a message can carry, and every message round-trips. */
class ProtocolClassesTest {
  /** What a reply declared only as {@code Optional} or {@code List} holds (see each message's comment in Protocol). */
  private static final Map<Message, Class<?>> REPLY_CONTENT = Map.ofEntries(
      Map.entry(Message.OBJECT_LOOKUP, ObjectEntry.class),
      Map.entry(Message.TASK_LOOKUP, TaskEntry.class),
      Map.entry(Message.TASK_ENTRIES, TaskEntry.class),
      Map.entry(Message.FUNCTION_GET, byte[].class),
      Map.entry(Message.CHECKPOINT_LATEST, byte[].class),
      Map.entry(Message.CHECKPOINT_LOGGED_CALL, TaskId.class),
      Map.entry(Message.ACTOR_LOOKUP, ActorEntry.class),
      Map.entry(Message.ACTOR_LOOKUP_BY_NAME, ActorEntry.class),
      Map.entry(Message.ACTOR_OF_JOB, ActorId.class),
      Map.entry(Message.NODE_ALL, NodeEntry.class),
      Map.entry(Message.JOB_LOOKUP, JobEntry.class),
      Map.entry(Message.JOB_ALL, JobEntry.class),
      Map.entry(Message.EVENTS, Event.class));

  /** What a component declared as {@code Object} holds. */
  private static final Map<String, List<Class<?>>> OPEN_SLOTS = Map.of(
      Protocol.Subscribe.class.getName() + ".key", List.of(ObjectId.class, TaskId.class, ActorId.class),
      Protocol.Notification.class.getName() + ".entry",
      List.of(ObjectEntry.class, TaskEntry.class, ActorEntry.class, NodeEntry.class));

  private static final Set<Class<?>> UNTYPED_REPLIES = Set.of(Optional.class, List.class);

  private final WireCodec codec = Protocol.codec();

  private static List<Type> roots() {
    List<Type> roots = new ArrayList<>();
    for (Message m : Message.values()) {
      roots.add(m.body());
      roots.add(m.reply());
    }
    roots.addAll(REPLY_CONTENT.values());
    OPEN_SLOTS.values().forEach(roots::addAll);
    return roots;
  }

  @Test
  void everyClassAMessageCanCarryIsInTheTable() {
    Set<Class<?>> reachable = ProtocolTypes.reachableFrom(roots()).classes();
    assertThat(Protocol.CLASSES).as("classes a message can carry but Protocol.CLASSES lacks (a message holding one "
        + "would be refused at run time)").containsAll(reachable);
  }

  @Test
  void everyUntypedReplyAndSlotSaysWhatItHolds() {
    EnumSet<Message> untyped = EnumSet.noneOf(Message.class);
    for (Message m : Message.values()) {
      if (UNTYPED_REPLIES.contains(m.reply())) {
        untyped.add(m);
      }
    }
    assertThat(REPLY_CONTENT.keySet()).as("messages whose reply is an Optional or a List, each with what it holds")
        .containsExactlyInAnyOrderElementsOf(untyped);
    assertThat(OPEN_SLOTS.keySet()).as("record components declared as Object, each with what it holds")
        .containsExactlyInAnyOrderElementsOf(ProtocolTypes.reachableFrom(roots()).openSlots());
  }

  @Test
  void everyMessageBodyAndReplyRoundTrips() {
    qt().withFixedSeed(19).withExamples(40).forAll(longs().all()).checkAssert(seed -> {
      Random r = new Random(seed);
      for (Message m : Message.values()) {
        for (Type t : List.of(m.body(), m.reply(), REPLY_CONTENT.getOrDefault(m, Void.class))) {
          if (t == Void.class || UNTYPED_REPLIES.contains(t)) {
            continue;
          }
          Object value = ProtocolTypes.random(t, r, slot -> openSlot(slot, r));
          Object back = codec.decode(codec.encode(value));
          assertThat(back).as("%s: %s", m.describe(), value).usingRecursiveComparison().withStrictTypeChecking()
              .isEqualTo(value);
        }
        Class<?> content = REPLY_CONTENT.get(m);
        if (content != null) {
          Object one = ProtocolTypes.random(content, r, slot -> openSlot(slot, r));
          Object reply = m.reply() == Optional.class ? Optional.of(one) : List.of(one, one);
          assertThat(codec.decode(codec.encode(reply))).as("%s's reply", m.describe()).usingRecursiveComparison()
              .isEqualTo(reply);
        }
      }
    });
  }

  private static Object openSlot(String slot, Random r) {
    List<Class<?>> kinds = OPEN_SLOTS.get(slot);
    if (kinds == null) {
      throw new IllegalArgumentException("no known contents for " + slot);
    }
    if (slot.endsWith(".key") && r.nextInt(4) == 0) {
      return null; // the node table's subscription has no key
    }
    return ProtocolTypes.random(kinds.get(r.nextInt(kinds.size())), r, s -> new NodeId("n"));
  }
}
