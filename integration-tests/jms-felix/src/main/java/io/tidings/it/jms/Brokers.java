package io.tidings.it.jms;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.tidings.it.artemis.process.ArtemisBrokerProcess;

/**
 * The tests' ActiveMQ Artemis broker: {@link ArtemisBrokerProcess} (tidings-it-artemis-broker, embedded in this test
 * bundle) in a fresh directory under {@code tidings.it.work}, its child JVM on the class path in
 * {@code tidings.it.broker.classpath.file} (see test.bndrun).
 */
final class Brokers {

    private Brokers() {
    }

    /** @return a broker, not started, with the durable queues given */
    static ArtemisBrokerProcess artemis(String name, String... queues) throws IOException {
        Path work = Files.createDirectories(Path.of(System.getProperty("tidings.it.work", "target/it-work")));
        String classpath = System.getProperty("tidings.it.broker.classes") + File.pathSeparator
                + Files.readString(Path.of(System.getProperty("tidings.it.broker.classpath.file"))).trim();
        return new ArtemisBrokerProcess(Files.createTempDirectory(work, name), classpath, queues);
    }
}
