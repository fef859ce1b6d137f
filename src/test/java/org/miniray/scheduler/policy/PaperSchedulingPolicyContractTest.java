package org.miniray.scheduler.policy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.miniray.labs.Points;

/**
 * Lab 2, part 2: the paper's policy keeps the rules every policy keeps. The tags are here, not
 * on the abstract class, because tags are inherited: the other policies' contract tests are
 * not lab 2's graders.
 */
@Tag("lab2")
@Tag("lab2-part2")
@Points(6)
@Timeout(60)
class PaperSchedulingPolicyContractTest extends SchedulingPolicyContractTest {
  @Override
  protected SchedulingPolicy create(long seed) {
    return new PaperSchedulingPolicy(seed);
  }
}
