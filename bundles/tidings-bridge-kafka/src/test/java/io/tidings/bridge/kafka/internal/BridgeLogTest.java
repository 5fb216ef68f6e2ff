package io.tidings.bridge.kafka.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;

/** {@link BridgeLog}: through the OSGi Log service when there is one. */
class BridgeLogTest {

    @Test
    void logsThroughTheLogServiceWhenOneIsThere() {
        List<String> lines = new ArrayList<>();
        List<String> names = new ArrayList<>();
        Logger logger = (Logger) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Logger.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("isDebugEnabled")) {
                        return true;
                    }
                    lines.add(method.getName() + " " + args[0] + " " + args[1]);
                    return null;
                });
        LoggerFactory factory = (LoggerFactory) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {LoggerFactory.class}, (proxy, method, args) -> {
                    names.add((String) args[0]);
                    return logger;
                });
        BridgeLog log = new BridgeLog(factory);
        log.error("e {}");
        log.warn("w");
        log.info("i");
        assertTrue(log.isDebugEnabled());
        log.debug("d");
        assertEquals(List.of("io.tidings.bridge.kafka"), names);
        // The text is an argument, never a format: a brace in it stays as it is.
        assertEquals(List.of("error {} e {}", "warn {} w", "info {} i", "debug {} d"), lines);
    }

    @Test
    void logsThroughSlf4jWithout() {
        BridgeLog log = new BridgeLog(null);
        log.warn("no Log service: SLF4J (the tests' slf4j-nop)");
        log.debug("nothing");
        assertEquals(false, log.isDebugEnabled(), "slf4j-nop has debug off");
    }
}
