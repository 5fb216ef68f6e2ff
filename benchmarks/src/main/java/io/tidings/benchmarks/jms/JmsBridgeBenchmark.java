package io.tidings.benchmarks.jms;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Entry point of the JMS bridge benchmark ({@link JmsBridgeRun} does the work): bus to JMS persistent throughput
 * through the bridge next to a plain JMS producer on the same Artemis broker. As the store benchmark does, it runs in
 * a class loader over this jar plus {@code bundles/tidings-core.jar} and the Configuration Admin API jar beside it,
 * so that the harness and the bundles share the Tidings API through the system bundle.
 *
 * <p>Stateless.
 */
public final class JmsBridgeBenchmark {

    private JmsBridgeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(JmsBridgeBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path bundles = Path.of(System.getProperty("bundles.dir", jar.getParent().resolve("bundles").toString()));
        Path core = bundles.resolve("tidings-core.jar");
        if (!Files.isRegularFile(core)) {
            throw new IllegalStateException("tidings-core not found at " + core + " (build with mvn package)");
        }
        ClassLoader loader = new URLClassLoader("jms-benchmark", new URL[] { jar.toUri().toURL(),
                core.toUri().toURL(), bundles.resolve("org.osgi.service.cm.jar").toUri().toURL() },
                ClassLoader.getPlatformClassLoader());
        Thread.currentThread().setContextClassLoader(loader);
        Method main = Class.forName(JmsBridgeBenchmark.class.getPackageName() + ".JmsBridgeRun", true, loader)
                .getMethod("main", String[].class);
        main.setAccessible(true);
        main.invoke(null, (Object) args);
    }
}
