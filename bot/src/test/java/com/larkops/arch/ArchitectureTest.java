package com.larkops.arch;

import com.larkops.registry.RegistryClient;
import com.larkops.runtime.RuntimeChanges;
import com.larkops.runtime.RuntimeReads;
import com.larkops.runtime.SwarmChanges;
import com.larkops.runtime.SwarmReads;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.AccessTarget;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The architecture's rules, checked on the compiled main classes in {@code mvn verify} (docs/ARCHITECTURE.md):
 * only the plan executor (release/PlanExecutor and its step classes, {@link #EXECUTOR}) reaches the engine's change ports or
 * changes the registry, and only the executor uses its step classes; every package imports only the floors below it; no
 * cycles; the pure concerns import no HTTP server, engine client or JDBC.
 */
class ArchitectureTest {
    static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.larkops");

    /** The engine's ports and their methods: the read ports for everyone, the change ports for the executor only. */
    static final Map<Class<?>, Set<String>> RUNTIME_READING = Map.of(
            RuntimeReads.class, Set.of("ping", "hasImage", "listManaged", "inspect", "logTail", "ipOn", "inspectOn",
                    "aliasesOn", "imageHasHealthcheck", "localImages"),
            SwarmReads.class, Set.of("swarmService", "swarmTasks", "swarmNodes"));
    static final Map<Class<?>, Set<String>> RUNTIME_CHANGING = Map.of(
            RuntimeChanges.class, Set.of("pull", "ensureNetwork", "create", "start", "stop", "remove", "connect", "disconnect",
                    "removeImage"),
            SwarmChanges.class, Set.of("applySwarmService", "rollbackSwarmService", "removeSwarmService"));
    static final Set<String> REGISTRY_CHANGING = Set.of("tag", "delete");
    static final Set<String> REGISTRY_READING = Set.of("host", "attachments", "ping", "resolve", "tagTarget",
            "manifest", "listTags", "config", "configs", "size", "layersSize");
    static final String PLAN_EXECUTOR = "com.larkops.release.PlanExecutor";
    /**
     * The step classes of the executor, in release/: each does one group of step kinds for {@link #PLAN_EXECUTOR}'s
     * map (docs/ARCHITECTURE.md), handed only the ports it needs. A new class that changes things is added here.
     */
    static final Set<String> CHANGING_STEP_CLASSES = inRelease("ContainerSteps", "ImageSteps", "RoutingSteps", "SelfRetire",
            "RegistrySteps", "SwarmServiceSteps");
    /**
     * The executor's other parts: its map of step kinds to handlers, and a step class that only reads (it holds no
     * change port, and may not reach one).
     */
    static final Set<String> EXECUTOR_READING_PARTS = inRelease("StepHandlers", "HealthWait");
    /** What only {@link #PLAN_EXECUTOR} (and the parts among themselves) may use. */
    static final Set<String> EXECUTOR_PARTS = union(CHANGING_STEP_CLASSES, EXECUTOR_READING_PARTS);
    /** The executor: the only classes that may reach a change port or change the registry. */
    static final Set<String> EXECUTOR = union(Set.of(PLAN_EXECUTOR), CHANGING_STEP_CLASSES);

    /** The floors of docs/ARCHITECTURE.md, bottom first: a package may import only packages on floors below its own. */
    static final List<List<String>> FLOORS = List.of(
            List.of("i18n"),
            List.of("model", "net", "window"),
            List.of("cards", "command", "runtime", "registry"),
            List.of("signature"),
            List.of("config"),
            List.of("release"),
            List.of("pipeline", "approval", "skill", "retention", "schedule", "incident"),
            List.of("store"),
            List.of("lark"),
            List.of("app"),
            List.of("tryit"));

    @Test
    void everyPublicMethodOfThePortsIsClassifiedAsReadingOrChanging() {
        RUNTIME_READING.forEach((port, methods) -> assertThat(instanceMethods(port))
                .as("%s is a read port: its methods are listed here, and none of them changes anything", port.getSimpleName())
                .isEqualTo(methods));
        RUNTIME_CHANGING.forEach((port, methods) -> assertThat(instanceMethods(port))
                .as("%s is a change port: its methods are listed here", port.getSimpleName())
                .isEqualTo(methods));
        Set<String> reads = RUNTIME_READING.values().stream().flatMap(Set::stream).collect(Collectors.toSet());
        assertThat(RUNTIME_CHANGING.values().stream().flatMap(Set::stream))
                .as("an adapter holds both kinds of port: a name on both would let a change pass as a read")
                .doesNotContainAnyElementsOf(reads);
        assertThat(union(REGISTRY_CHANGING, REGISTRY_READING))
                .as("classify new RegistryClient methods as reading or changing here")
                .containsAll(instanceMethods(RegistryClient.class));
    }

    @Test
    void onlyThePlanExecutorReachesTheChangePortsOrChangesTheRegistry() {
        // calls and method references alike (ArchUnit reports both as accesses), through the port or an adapter
        ArchRule rule = noClasses()
                .that(notIn(EXECUTOR))
                .and(notAChangePortAdapter())
                .and().doNotHaveFullyQualifiedName(RegistryClient.class.getName())
                .should().accessTargetWhere(changingTarget())
                .because("engine and registry changes are plan steps, run by release/PlanExecutor and its step classes only");
        rule.check(MAIN);
    }

    @Test
    void onlyThePlanExecutorIsHandedAChangePort() {
        noClasses()
                .that(notIn(EXECUTOR))
                .and(notAChangePortAdapter())
                .should().dependOnClassesThat().belongToAnyOf(RuntimeChanges.class, SwarmChanges.class)
                .because("the change ports are handed to release/PlanExecutor (and on to its step classes) only; everyone else"
                        + " holds the read ports")
                .check(MAIN);
    }

    @Test
    void onlyThePlanExecutorUsesItsStepClasses() {
        noClasses()
                .that(notIn(union(Set.of(PLAN_EXECUTOR), EXECUTOR_PARTS)))
                .should().dependOnClassesThat(DescribedPredicate.describe("a step class of the executor, or its map",
                        c -> EXECUTOR_PARTS.contains(outermost(c))))
                .because("a step runs as part of a plan (lock, precondition, audit, undo): release/PlanExecutor runs it")
                .check(MAIN);
        assertThat(EXECUTOR_PARTS).as("every part listed exists").allMatch(MAIN::contain);
    }

    @Test
    void packagesImportOnlyTheFloorsBelowThem() {
        for (int floor = 0; floor < FLOORS.size(); floor++) {
            List<String> notBelow = FLOORS.subList(floor, FLOORS.size()).stream().flatMap(List::stream).toList();
            for (String pkg : FLOORS.get(floor)) {
                String[] forbidden = notBelow.stream().filter(p -> !p.equals(pkg))
                        .map(p -> "com.larkops." + p + "..").toArray(String[]::new);
                noClasses().that().resideInAPackage("com.larkops." + pkg + "..")
                        .should().dependOnClassesThat().resideInAnyPackage(forbidden)
                        .because(pkg + "/ is on floor " + floor + " of docs/ARCHITECTURE.md: it imports only lower floors")
                        .check(MAIN);
            }
        }
    }

    @Test
    void everyPackageIsOnAFloor() {
        Set<String> placed = FLOORS.stream().flatMap(List::stream).collect(Collectors.toSet());
        Set<String> packages = MAIN.stream().map(JavaClass::getPackageName)
                .filter(p -> p.startsWith("com.larkops."))
                .map(p -> p.substring("com.larkops.".length()).split("\\.")[0])
                .collect(Collectors.toSet());
        assertThat(placed).as("put new packages on a floor here and in docs/ARCHITECTURE.md").containsAll(packages);
    }

    @Test
    void noCyclesBetweenPackages() {
        slices().matching("com.larkops.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void cardJsonIsBuiltOnlyInCardsAndAtTheLarkEdge() {
        noClasses().that().resideOutsideOfPackages("com.larkops.cards..", "com.larkops.lark..")
                .should().dependOnClassesThat().haveFullyQualifiedName("com.larkops.cards.CardJson")
                .because("domain code emits view values; cards/ turns them into card JSON (and lark/ its own live-reply card)")
                .check(MAIN);
    }

    @Test
    void thePureConcernsImportNoServerEngineClientOrJdbc() {
        noClasses().that().resideInAnyPackage("com.larkops.model..", "com.larkops.command..",
                        "com.larkops.release..", "com.larkops.retention..", "com.larkops.window..")
                .should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "com.github.dockerjava..", "java.sql..")
                .because("model/, command/, release/, retention/ and window/ are decisions on data; I/O lives at the edges")
                .check(MAIN);
    }

    private static DescribedPredicate<JavaAccess<?>> changingTarget() {
        return new DescribedPredicate<>("a method of a change port, or one that changes the registry") {
            @Override
            public boolean test(JavaAccess<?> access) {
                AccessTarget target = access.getTarget();
                JavaClass owner = target.getOwner();
                return RUNTIME_CHANGING.entrySet().stream()
                        .anyMatch(port -> owner.isAssignableTo(port.getKey()) && port.getValue().contains(target.getName()))
                        || owner.isAssignableTo(RegistryClient.class) && REGISTRY_CHANGING.contains(target.getName());
            }
        };
    }

    /** The adapters in runtime/ implement a change port (the Swarm one passes container changes to its node's); nothing elsewhere may. */
    private static DescribedPredicate<JavaClass> notAChangePortAdapter() {
        return DescribedPredicate.describe("not a change port adapter", c -> !(c.getPackageName().equals("com.larkops.runtime")
                && RUNTIME_CHANGING.keySet().stream().anyMatch(c::isAssignableTo)));
    }

    /** Not one of {@code classes}, nor nested in one of them. */
    private static DescribedPredicate<JavaClass> notIn(Set<String> classes) {
        return DescribedPredicate.describe("not one of " + classes.stream().sorted()
                .map(n -> n.substring(n.lastIndexOf('.') + 1)).toList(), c -> !classes.contains(outermost(c)));
    }

    private static String outermost(JavaClass c) {
        int nested = c.getName().indexOf('$');
        return nested < 0 ? c.getName() : c.getName().substring(0, nested);
    }

    private static Set<String> instanceMethods(Class<?> type) {
        return Arrays.stream(type.getMethods())
                .filter(m -> !Modifier.isStatic(m.getModifiers()) && m.getDeclaringClass() != Object.class)
                .map(Method::getName).collect(Collectors.toSet());
    }

    private static Set<String> inRelease(String... simpleNames) {
        return Arrays.stream(simpleNames).map(name -> "com.larkops.release." + name).collect(Collectors.toSet());
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        return Stream.concat(a.stream(), b.stream()).collect(Collectors.toSet());
    }
}
