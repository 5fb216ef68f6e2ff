package io.tidings.benchmarks.store;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Entry point of the Kafka bridge benchmark ({@link KafkaBridgeRun} does the work): bus to Kafka throughput of 1 KB
 * events through tidings-bridge-kafka against a plain KafkaProducer on the same broker in the same run. Like
 * {@link StoreBenchmark}, it runs the harness in a class loader over this jar plus {@code bundles/tidings-core.jar}
 * and the Configuration Admin API jar, so that the harness and the bundles share the Tidings API.
 */
public final class KafkaBridgeBenchmark {

    private KafkaBridgeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(KafkaBridgeBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path core = jar.getParent().resolve("bundles").resolve("tidings-core.jar");
        if (!Files.isRegularFile(core)) {
            throw new IllegalStateException("tidings-core not found at " + core + " (build with mvn package)");
        }
        ClassLoader loader = new URLClassLoader("kafka-bridge-benchmark", new URL[] {jar.toUri().toURL(),
                core.toUri().toURL(), core.resolveSibling(BusFramework.CM_JAR).toUri().toURL()},
                ClassLoader.getPlatformClassLoader());
        Thread.currentThread().setContextClassLoader(loader);
        Method main = Class.forName(KafkaBridgeBenchmark.class.getPackageName() + ".KafkaBridgeRun", true, loader)
                .getMethod("main", String[].class);
        main.setAccessible(true);
        main.invoke(null, (Object) args);
    }
}
