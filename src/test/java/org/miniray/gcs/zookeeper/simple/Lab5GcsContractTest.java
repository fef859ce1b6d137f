package org.miniray.gcs.zookeeper.simple;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.miniray.common.Clock;
import org.miniray.gcs.Gcs;
import org.miniray.gcs.zookeeper.ZooKeeperContractTest;
import org.miniray.gcs.zookeeper.ZooKeeperGcs;
import org.miniray.labs.Points;

/**
 * Lab 5, part 1: the task and object tables of {@link ZooKeeperSimpleGcs} keep the GCS contract
 * (on one embedded ZooKeeper server). The contract's actor, node, function, checkpoint and job rules are left
 * out by overriding them without {@code @Test}: those tables are {@link ZooKeeperGcs}'s, not
 * the student's, and {@link ZooKeeperSimpleGcsTest} checks them. The tags are here, not on the
 * abstract class, because tags are inherited.
 */
@Tag("lab5")
@Tag("lab5-part1")
@Tag("graded-only") // ZooKeeperSimpleGcsTest runs the whole contract in make test; HandoutTest runs this one
@Points(5)
@Timeout(60)
class Lab5GcsContractTest extends ZooKeeperContractTest {
  @Override
  protected String clusterPrefix() {
    return "lab5-";
  }

  @Override
  protected Gcs createGcs(String connect, ZooKeeperGcs.Options options) {
    return new ZooKeeperSimpleGcs(connect, 4, Clock.SYSTEM, options);
  }

  // Not graded in lab 5 (overridden without @Test, so JUnit does not run them here).

  @Override
  protected void forgottenObjectsLoseTheirEntriesAndOthersKeepTheirs() {} // forget is given, not the lab's

  @Override
  protected void forgottenTasksLoseTheirRowsAndOthersKeepTheirs() {}

  @Override
  protected void aBatchOfRemovedLocationsTakesOnlyThatNodesCopies() {} // the batch is given, over the lab's removeLocation

  @Override
  protected void aRetryIsSpentInTheTasksRowWithinItsBudget() {} // retry is given, not the lab's

  @Override
  protected void retriesAskedForAtOnceByTwoClientsSpendEachRetryOnce() {}

  @Override
  protected void aClientOpenedLaterSeesTheRetriesSpentBeforeIt() {}

  @Override
  protected void actorsAreFoundByTheJobThatCreatedThem() {}

  @Override
  protected void actorNamesAreUnique() {}

  @Override
  protected void actorLookupByName() {}

  @Override
  protected void actorSubscriberSeesStateChanges() {}

  @Override
  protected void nodeHeartbeatsAreRecorded() {}

  @Override
  protected void deadNodeHeartbeatIsIgnored() {}

  @Override
  protected void nodeSubscriberSeesEveryNodeThenEveryChange() {}

  @Override
  protected void functionCodeRoundTrips() {}

  @Override
  protected void savingACheckpointReplacesTheActorsPreviousOne() {}

  @Override
  protected void callLogKeepsEachCallAtItsIndex() {}

  @Override
  protected void jobsAreNumberedInOrderFromOne() {}

  @Override
  protected void aDriverRegisteringAgainKeepsItsJob() {}

  @Override
  protected void driversRegisteringAtOnceGetDistinctConsecutiveIds() {}

  @Override
  protected void aJobEndsOnceAndKeepsItsFirstEnd() {}

  @Override
  protected void endingAnUnknownJobFails() {}
}
