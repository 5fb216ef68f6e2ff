package io.tidings.benchmarks.pattern;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * Creates {@link PatternWorkload}s in a class loader over this jar and the Tidings API. The runnable jar does not
 * carry the API: on the harness class path, the Event Admin benchmark's system bundle would see
 * {@code io.tidings.api} and hide tidings-core's EventAdmin service, which is registered under Tidings API
 * interfaces too. So, as {@code StoreBenchmark} does, the API comes from {@code bundles/tidings-core.jar} beside this
 * jar ({@code -Dtidings.core.jar=...} to use another), unless it is already on the class path (an IDE).
 */
final class WorkloadLoader {

    private static ClassLoader loader;

    private WorkloadLoader() {
    }

    @SuppressWarnings("unchecked")
    static synchronized Supplier<Object> workload(String variant, int rules) throws Exception {
        Class<?> type = Class.forName(PatternWorkload.class.getName(), true, loader());
        return (Supplier<Object>) type.getConstructor(String.class, int.class).newInstance(variant, rules);
    }

    private static ClassLoader loader() throws Exception {
        if (loader != null) {
            return loader;
        }
        ClassLoader own = WorkloadLoader.class.getClassLoader();
        try {
            Class.forName("io.tidings.api.Envelope", false, own);
            loader = own;
        } catch (ClassNotFoundException e) {
            Path jar = Path.of(WorkloadLoader.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path core = Path.of(System.getProperty("tidings.core.jar",
                    jar.getParent().resolve("bundles").resolve("tidings-core.jar").toString()));
            if (!Files.isRegularFile(core)) {
                throw new IllegalStateException("tidings-core (for its copy of the Tidings API) not found at " + core
                        + " (build with mvn package, or pass -Dtidings.core.jar=... with -jvmArgsAppend)");
            }
            loader = new URLClassLoader("pattern-benchmark", new URL[] {jar.toUri().toURL(), core.toUri().toURL()},
                    ClassLoader.getPlatformClassLoader());
        }
        return loader;
    }
}
