package org.miniray.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.INTERFACES;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noConstructors;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.miniray.actor.ActorHost;
import org.miniray.common.Clock;
import org.miniray.gcs.Gcs;
import org.miniray.lineage.LineageReplayer;
import org.miniray.objectstore.ObjectStore;
import org.miniray.refcount.ReferenceCounter;
import org.miniray.scheduler.global.GlobalScheduler;
import org.miniray.scheduler.local.LocalScheduler;
import org.miniray.scheduler.policy.SchedulingPolicy;
import org.miniray.serialization.Serializer;
import org.miniray.transport.NodeService;
import org.miniray.transport.Transport;
import org.miniray.worker.WorkerPool;

/** The rules that keep the code teachable (DESIGN.md): checked on every build. */
class ArchitectureTest {
  private static JavaClasses imported;

  /** Packages that wire implementations together and so may name them. */
  private static final String[] COMPOSITION_ROOTS = {"org.miniray.node..", "org.miniray.runtime..", "org.miniray.cluster.."};

  /** Measures every GCS implementation side by side, each with its own options, and so names them. */
  private static final String GCS_BENCHMARK = "org.miniray.bench.GcsBenchmark";

  /** Packages that measure or replay time themselves and so may read the system clock. */
  private static final String[] OWN_TIME = {"org.miniray.bench..", "org.miniray.figures..", "org.miniray.sim..",
      "org.miniray.examples.."};

  @BeforeAll
  static void load() {
    imported = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("org.miniray");
  }

  @Test
  void apiDependsOnNoInternalPackage() {
    classes().that().resideInAPackage("org.miniray.api..")
        .should().onlyDependOnClassesThat().resideInAnyPackage("org.miniray.api..", "java..")
        .because("a Ray program ports by changing imports, and the API must not leak the runtime")
        .check(imported);
  }

  @Test
  void packagesHaveNoCycles() {
    // The API and its runtime seam are one unit, as in Ray's io.ray.api and io.ray.api.runtime.
    slices().matching("org.miniray.(**)").should().beFreeOfCycles()
        .ignoreDependency(JavaClass.Predicates.resideInAPackage("org.miniray.api.."),
            JavaClass.Predicates.resideInAPackage("org.miniray.api.."))
        .check(imported);
  }

  @Test
  void componentsReachOneAnotherOnlyThroughTheirInterfaces() {
    for (Class<?> component : List.of(Gcs.class, ObjectStore.class, Serializer.class, SchedulingPolicy.class,
        LocalScheduler.class, GlobalScheduler.class, ActorHost.class, WorkerPool.class, Transport.class,
        LineageReplayer.class, NodeService.class, ReferenceCounter.class)) {
      String[] allowed = new String[COMPOSITION_ROOTS.length + 1];
      System.arraycopy(COMPOSITION_ROOTS, 0, allowed, 0, COMPOSITION_ROOTS.length);
      allowed[COMPOSITION_ROOTS.length] = component.getPackageName() + "..";
      noClasses().that().resideOutsideOfPackages(allowed)
          .and().doNotHaveFullyQualifiedName(GCS_BENCHMARK)
          .should().dependOnClassesThat(assignableTo(component).and(not(INTERFACES)))
          .because("only composition roots pick implementations of " + component.getSimpleName())
          .check(imported);
    }
  }

  @Test
  void coreCodeReadsTimeThroughClock() {
    DescribedPredicate<JavaAccess<?>> readsTheSystemClock = new DescribedPredicate<>("read the system clock") {
      @Override
      public boolean test(JavaAccess<?> access) {
        String owner = access.getTargetOwner().getName();
        String name = access.getName();
        return owner.equals("java.lang.System") && (name.equals("nanoTime") || name.equals("currentTimeMillis"))
            || owner.startsWith("java.time.") && name.equals("now");
      }
    };
    noClasses().that().resideOutsideOfPackages(OWN_TIME)
        .and(not(JavaClass.Predicates.belongToAnyOf(Clock.class)))
        .should().accessTargetWhere(readsTheSystemClock)
        .because("time comes from an injected Clock, so tests and the simulator replay exactly (DESIGN.md)")
        .check(imported);
  }

  @Test
  void backgroundThreadsComeFromDaemonThreads() {
    noClasses().should().callMethod(Thread.class, "setDaemon", boolean.class)
        .because("common.DaemonThreads (Guava's ThreadFactoryBuilder) names and sets up every background thread")
        .check(imported);
  }

  @Test
  void constructorsTakeAtMostSixArguments() {
    noConstructors().that().areDeclaredInClassesThat().resideInAPackage("org.miniray..")
        .and().areDeclaredInClassesThat().areNotEnums()
        .and().areDeclaredInClassesThat().areNotRecords() // a record's components are its value, not dependencies
        .should().haveRawParameterTypes(new DescribedPredicate<List<JavaClass>>("more than six parameters") {
          @Override
          public boolean test(List<JavaClass> parameters) {
            return parameters.size() > 6;
          }
        })
        .because("a part that needs more is given a small record of its dependencies (issue 16)")
        .check(imported);
  }

  @Test
  void everyPackageSaysWhatItIs() {
    Set<String> missing = new TreeSet<>();
    for (JavaClass c : imported) {
      String pkg = c.getPackageName();
      if (pkg.startsWith("org.miniray") && imported.stream().noneMatch(
          k -> k.getPackageName().equals(pkg) && k.getSimpleName().equals("package-info"))) {
        missing.add(pkg);
      }
    }
    assertThat(missing).as("packages without package-info.java").isEmpty();
  }
}
