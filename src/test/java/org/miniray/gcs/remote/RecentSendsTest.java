package org.miniray.gcs.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.miniray.transport.netty.Protocol.Message;

class RecentSendsTest {
  @Test
  void theMessagesOfAWindowComeBackInTheOrderSent() {
    RecentSends recent = new RecentSends(1_000, 1 << 20);
    for (int t = 10; t <= 40; t += 10) {
      recent.record(t, Message.TASK_ADD, "m" + t);
    }
    assertThat(recent.between(15, 30)).extracting(RecentSends.Sent::body).containsExactly("m20", "m30");
    assertThat(recent.between(41, 100)).as("a window after every message").isEmpty();
  }

  @Test
  void messagesOlderThanTheWindowBeforeTheLatestAreLetGo() {
    RecentSends recent = new RecentSends(100, 1 << 20);
    for (int t = 0; t <= 500; t += 50) {
      recent.record(t, Message.TASK_ADD, "m" + t);
    }
    assertThat(recent.between(0, 1_000)).extracting(RecentSends.Sent::body).containsExactly("m400", "m450", "m500");
  }

  @Test
  void theBytesKeptAreBounded() {
    RecentSends recent = new RecentSends(1_000, 64 * 3); // three small messages' worth
    for (int t = 1; t <= 5; t++) {
      recent.record(t, Message.TASK_ADD, "m" + t);
    }
    assertThat(recent.between(0, 100)).extracting(RecentSends.Sent::body).containsExactly("m3", "m4", "m5");
  }

  @Test
  void aNegativeWindowIsRefused() {
    assertThatThrownBy(() -> new RecentSends(-1, 10)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-1 ms");
  }
}
