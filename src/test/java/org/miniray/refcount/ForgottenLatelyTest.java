package org.miniray.refcount;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.miniray.id.JobId;
import org.miniray.id.ObjectId;
import org.miniray.id.TaskId;

class ForgottenLatelyTest {
  private static final TaskId DRIVER = TaskId.forDriver(new JobId(1));

  private static ObjectId id(int i) {
    return ObjectId.forReturn(TaskId.forChild(DRIVER, i), 1);
  }

  @Test
  void theLastKeptIdsAreAlwaysRememberedAndOlderOnesGoWithinTwiceAsMany() {
    ForgottenLately lately = new ForgottenLately(100);
    for (int n = 1; n <= 1_000; n++) {
      lately.add(id(n));
      for (int back = 0; back < Math.min(n, 100); back++) {
        assertThat(lately.contains(id(n - back))).as("id %d after %d forgotten", n - back, n).isTrue();
      }
      if (n > 200) {
        assertThat(lately.contains(id(n - 200))).as("id %d after %d forgotten", n - 200, n).isFalse();
      }
    }
    assertThat(lately.contains(id(5_000))).as("an id never forgotten").isFalse();
  }

  @Test
  void keepingNothingIsRefused() {
    assertThatThrownBy(() -> new ForgottenLately(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one");
  }
}
