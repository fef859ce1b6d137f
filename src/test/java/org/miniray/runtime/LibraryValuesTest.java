package org.miniray.runtime;

import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.miniray.api.Ray;

/** Library and JDK values pass through tasks, actors and put on the embedded cluster. */
class LibraryValuesTest {

  @AfterEach
  void stop() {
    Ray.shutdown();
  }

  @Test
  void libraryValuesPassOnTheEmbeddedCluster() {
    Ray.init(Map.of("miniray.nodes", "2"));
    LibraryValues.passThroughTasksActorsAndPut(30_000);
  }
}
