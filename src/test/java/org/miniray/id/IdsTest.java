package org.miniray.id;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdsTest {

  @Test
  void jobIdsAreShownAsRayShowsThemAndReadEitherWay() {
    assertThat(new JobId(1).hex()).as("Ray's JobID of job 1: 4 bytes, little-endian").isEqualTo("01000000");
    assertThat(new JobId(2)).hasToString("02000000");
    assertThat(new JobId(256).hex()).isEqualTo("00010000");
    for (int n : new int[] {0, 1, 2, 255, 256, 70_000, Integer.MAX_VALUE}) {
      JobId id = new JobId(n);
      assertThat(JobId.parse(id.hex())).as("job %d from %s", n, id.hex()).isEqualTo(id);
      assertThat(JobId.parse(Integer.toString(n))).as("job %d from its number", n).isEqualTo(id);
    }
    assertThat(JobId.parse(" 01000000 ")).isEqualTo(new JobId(1));
    for (String bad : new String[] {"nonsense", "", "-1", "ffffffff", "0x01", "1.5", "99999999999"}) {
      assertThatThrownBy(() -> JobId.parse(bad)).as("'%s'", bad).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'" + bad + "' is not a job id").hasMessageContaining("01000000");
    }
  }

  @Test
  void childIdsAreDeterministicFromParentAndIndex() {
    TaskId driver = TaskId.forDriver(new JobId(1));
    assertThat(TaskId.forChild(driver, 3)).isEqualTo(TaskId.forChild(TaskId.forDriver(new JobId(1)), 3));
    assertThat(TaskId.forChild(driver, 3)).isNotEqualTo(TaskId.forChild(driver, 4));
    assertThat(TaskId.forDriver(new JobId(1))).isNotEqualTo(TaskId.forDriver(new JobId(2)));
  }

  @Test
  void objectIdsDeriveFromTheirTask() {
    TaskId t = TaskId.forChild(TaskId.forDriver(new JobId(0)), 1);
    assertThat(t.returnId(1)).isEqualTo(ObjectId.forReturn(t, 1));
    assertThat(ObjectId.forPut(t, 1).isPut()).isTrue();
    assertThat(t.returnId(1).isPut()).isFalse();
    assertThat(ObjectId.forPut(t, 1)).isNotEqualTo(t.returnId(1));
  }

  @Test
  void idsOfATreeOfTasksDoNotCollide() {
    Set<TaskId> seen = new HashSet<>();
    TaskId root = TaskId.forDriver(new JobId(7));
    seen.add(root);
    for (int i = 1; i <= 300; i++) {
      TaskId child = TaskId.forChild(root, i);
      assertThat(seen.add(child)).isTrue();
      for (int j = 1; j <= 300; j++) {
        assertThat(seen.add(TaskId.forChild(child, j))).as("id of %d/%d", i, j).isTrue();
      }
    }
  }

  @Test
  void everyTaskAndObjectOfAJobCarriesItsJob() {
    JobId one = new JobId(1);
    JobId two = new JobId(2);
    TaskId child = TaskId.forChild(TaskId.forChild(TaskId.forDriver(one), 5), 9);
    assertThat(TaskId.forDriver(one).isOf(one)).isTrue();
    assertThat(child.isOf(one)).as("a grandchild of job 1's driver").isTrue();
    assertThat(child.isOf(two)).isFalse();
    assertThat(ObjectId.forPut(child, 2).isOf(one)).isTrue();
    assertThat(child.returnId(1).isOf(two)).isFalse();
    assertThat(TaskId.forDriver(two).isOf(two)).isTrue();
    assertThat(TaskId.forDriver(new JobId(65_537)).isOf(one)).as("job numbers wrap at 2^16").isTrue();
  }

  @Test
  void malformedIdsAreRefusedWithAReason() {
    TaskId t = TaskId.forDriver(new JobId(1));
    assertThatThrownBy(() -> TaskId.forChild(t, 0)).hasMessageContaining("counts from 1");
    assertThatThrownBy(() -> new ObjectId(t, 0)).hasMessageContaining("index 0");
    assertThatThrownBy(() -> new JobId(-1)).hasMessageContaining("-1");
    assertThatThrownBy(() -> new NodeId(" ")).hasMessageContaining("non-empty");
  }
}
