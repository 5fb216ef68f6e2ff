package io.tidings.shell.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.apache.felix.service.command.Descriptor;
import org.junit.jupiter.api.Test;

/** The commands as the shells and DS see them: the generated component description and the Gogo annotations. */
class TidingsCommandsTest {

    private static final Path COMPONENT = Path.of("target/classes/OSGI-INF",
            "io.tidings.shell.internal.TidingsCommands.xml");

    @Test
    void everyCommandIsRegisteredAndDurableSubscriptionsIsOptional() throws IOException {
        assertTrue(Files.exists(COMPONENT), COMPONENT + " is written by bnd-process; run the tests with Maven");
        String xml = Files.readString(COMPONENT);

        for (String function : List.of("publish", "topics", "handlers", "tail", "durable", "subscriptions", "replay",
                "dlq")) {
            assertTrue(xml.matches("(?s).*osgi\\.command\\.function.*\\b" + function + "\\b.*</property>.*"),
                    function + " not registered in " + xml);
        }
        assertTrue(xml.contains("<reference name=\"durableSubscriptions\" cardinality=\"0..1\" policy=\"dynamic\""
                + " interface=\"io.tidings.api.DurableSubscriptions\""), xml);
    }

    @Test
    void dlqOptionsAreGogoParametersBeforeTheSubscription() throws NoSuchMethodException {
        Method dlq = TidingsCommands.class.getMethod("dlq", String.class, String.class, String.class, String.class);
        Parameter[] parameters = dlq.getParameters();

        assertArrayEquals(new String[] {"--from"}, option(parameters[0]).names());
        assertArrayEquals(new String[] {"--max"}, option(parameters[1]).names());
        assertArrayEquals(new String[] {"--republish"}, option(parameters[2]).names());
        Arrays.stream(parameters).limit(3).forEach(p -> assertEquals("", option(p).absentValue()));
        assertEquals(null, option(parameters[3]));
        assertTrue(parameters[3].isAnnotationPresent(Descriptor.class));
    }

    @Test
    void durableCommandsDescribeThemselves() throws NoSuchMethodException {
        for (Method method : List.of(TidingsCommands.class.getMethod("durable"),
                TidingsCommands.class.getMethod("subscriptions"),
                TidingsCommands.class.getMethod("replay", String.class, String.class, String.class))) {
            assertTrue(method.isAnnotationPresent(Descriptor.class), method.getName());
        }
    }

    private static org.apache.felix.service.command.Parameter option(Parameter parameter) {
        return parameter.getAnnotation(org.apache.felix.service.command.Parameter.class);
    }
}
