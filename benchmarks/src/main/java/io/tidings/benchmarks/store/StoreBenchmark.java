package io.tidings.benchmarks.store;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Entry point of the store benchmark ({@link StoreRun} does the work). The store classes live in tidings-core,
 * which the runnable jar does not carry (it is installed as a bundle by the Event Admin benchmark, and having it on
 * the harness class path as well breaks that benchmark). So unless tidings-core is already on the class path, this
 * runs {@link StoreRun} in a class loader over this jar plus {@code bundles/tidings-core.jar} beside it (and the
 * Configuration Admin API jar there, which the bus run exports from its framework's system bundle)
 * ({@code -Dtidings.core.jar=...} to use another).
 */
public final class StoreBenchmark {

    private StoreBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        String store = "io.tidings.core.internal.store.SegmentedLog";
        ClassLoader own = StoreBenchmark.class.getClassLoader();
        ClassLoader loader = own;
        try {
            Class.forName(store, false, own);
        } catch (ClassNotFoundException e) {
            Path jar = Path.of(StoreBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path core = Path.of(System.getProperty("tidings.core.jar",
                    jar.getParent().resolve("bundles").resolve("tidings-core.jar").toString()));
            if (!Files.isRegularFile(core)) {
                throw new IllegalStateException("tidings-core not found at " + core + " (build with mvn package, or "
                        + "pass -Dtidings.core.jar=...)");
            }
            Path cm = core.resolveSibling(BusFramework.CM_JAR);
            loader = new URLClassLoader("store-benchmark",
                    new URL[] {jar.toUri().toURL(), core.toUri().toURL(), cm.toUri().toURL()},
                    ClassLoader.getPlatformClassLoader());
        }
        Thread.currentThread().setContextClassLoader(loader);
        Method main = Class.forName(StoreBenchmark.class.getPackageName() + ".StoreRun", true, loader)
                .getMethod("main", String[].class);
        main.setAccessible(true);
        main.invoke(null, (Object) args);
    }
}
