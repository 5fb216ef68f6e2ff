package io.tidings.benchmarks.store;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Entry point of the routed-event benchmark ({@link RouteRun} does the work): loads it like {@link StoreBenchmark},
 * in a class loader over this jar, {@code bundles/tidings-core.jar} and the Configuration Admin API jar, so that the
 * harness and the embedded framework share the Tidings API classes.
 *
 * <p>Run: {@code java -cp benchmarks/target/tidings-benchmarks.jar io.tidings.benchmarks.store.RouteBenchmark}
 * ({@code -Dquick=true} for a smoke run).
 */
public final class RouteBenchmark {

    private RouteBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(RouteBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path core = jar.getParent().resolve("bundles").resolve("tidings-core.jar");
        if (!Files.isRegularFile(core)) {
            throw new IllegalStateException("tidings-core not found at " + core + " (build with mvn package)");
        }
        ClassLoader loader = new URLClassLoader("route-benchmark", new URL[] {jar.toUri().toURL(),
                core.toUri().toURL(), core.resolveSibling(BusFramework.CM_JAR).toUri().toURL()},
                ClassLoader.getPlatformClassLoader());
        Thread.currentThread().setContextClassLoader(loader);
        Method main = Class.forName(RouteBenchmark.class.getPackageName() + ".RouteRun", true, loader)
                .getMethod("main", String[].class);
        main.setAccessible(true);
        main.invoke(null, (Object) args);
    }
}
