package com.larkops.arch;

import com.larkops.registry.RegistryClient;
import com.larkops.runtime.ContainerRuntime;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The architecture's rule, checked on the compiled main classes: only {@code release/PlanExecutor} calls a
 * method of the runtime port or the registry client that changes something (the adapters themselves, in
 * {@code runtime/} and {@code registry/}, implement them). Every method of the port must be classified, so
 * a new mutating method cannot slip past unnoticed.
 */
class OnlyTheExecutorChangesThingsTest {
    static final Set<String> RUNTIME_MUTATING = Set.of("pull", "ensureNetwork", "create", "start", "stop", "remove",
            "connect", "disconnect", "removeImage", "applySwarmService", "rollbackSwarmService", "removeSwarmService");
    static final Set<String> RUNTIME_READING = Set.of("ping", "hasImage", "listManaged", "inspect", "logTail", "ipOn", "inspectOn",
            "aliasesOn", "imageHasHealthcheck", "localImages", "close", "swarmService", "swarmTasks", "swarmNodes");
    static final Set<String> REGISTRY_MUTATING = Set.of("tag", "delete");
    static final String EXECUTOR = "com/larkops/release/PlanExecutor";

    record Call(String caller, String owner, String method) {
        @Override
        public String toString() {
            return caller.replace('/', '.') + " calls " + owner.replace('/', '.') + "." + method;
        }
    }

    @Test
    void everyMethodOfTheRuntimePortIsClassified() {
        Set<String> declared = Arrays.stream(ContainerRuntime.class.getMethods())
                .filter(m -> !Modifier.isStatic(m.getModifiers())).map(Method::getName).collect(Collectors.toSet());
        Set<String> classified = Stream.concat(RUNTIME_MUTATING.stream(), RUNTIME_READING.stream()).collect(Collectors.toSet());
        assertThat(classified).as("classify new ContainerRuntime methods as reading or mutating here").containsAll(declared);
    }

    @Test
    void noClassButTheExecutorCallsAMutatingMethod() throws Exception {
        List<Call> calls = mutatingCalls();
        // the scan works: the executor's own calls are found
        assertThat(calls).anyMatch(c -> c.caller().equals(EXECUTOR) && c.method().equals("create"))
                .anyMatch(c -> c.caller().equals(EXECUTOR) && c.method().equals("delete"));
        List<Call> outside = calls.stream().filter(c -> !allowed(c.caller())).toList();
        assertThat(outside).as("engine/registry changes outside release/PlanExecutor: make them plan steps").isEmpty();
    }

    private static boolean allowed(String caller) {
        return caller.equals(EXECUTOR) || caller.startsWith(EXECUTOR + "$")
                || caller.startsWith("com/larkops/runtime/") || caller.startsWith("com/larkops/registry/");
    }

    private static List<Call> mutatingCalls() throws URISyntaxException, IOException {
        Path classes = Path.of(ContainerRuntime.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Call> calls = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                try (InputStream in = Files.newInputStream(f)) {
                    ClassReader reader = new ClassReader(in);
                    String caller = reader.getClassName();
                    reader.accept(new ClassVisitor(Opcodes.ASM9) {
                        @Override
                        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                            return new MethodVisitor(Opcodes.ASM9) {
                                @Override
                                public void visitMethodInsn(int opcode, String owner, String method, String desc, boolean itf) {
                                    if (isMutating(owner, method)) {
                                        calls.add(new Call(caller, owner, method));
                                    }
                                }
                            };
                        }
                    }, ClassReader.SKIP_DEBUG);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return calls;
    }

    /** A runtime-port method (on the interface or any implementation) or a registry client method that changes things. */
    private static boolean isMutating(String owner, String method) {
        if (!owner.startsWith("com/larkops/")) {
            return false;
        }
        Class<?> type;
        try {
            type = Class.forName(owner.replace('/', '.'), false, OnlyTheExecutorChangesThingsTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return false;
        }
        return ContainerRuntime.class.isAssignableFrom(type) && RUNTIME_MUTATING.contains(method)
                || RegistryClient.class.isAssignableFrom(type) && REGISTRY_MUTATING.contains(method);
    }
}
