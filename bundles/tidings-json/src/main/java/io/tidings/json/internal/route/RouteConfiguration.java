package io.tidings.json.internal.route;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * A route, factory PID {@code io.tidings.route}: one factory configuration per route. Read and checked by
 * {@link RouteSettings}; the designate (factory) comes from {@link ConfiguredRoute}'s {@code @Designate}.
 */
@ObjectClassDefinition(id = RouteSettings.FACTORY_PID, name = "Tidings route",
        description = "Forwards the events of a topic pattern that match an event pattern to one or more target "
                + "topics, optionally transformed. A route is a durable subscription named route-<name>.")
@interface RouteConfiguration {

    @AttributeDefinition(name = "Name",
            description = "ASCII letters, digits, '-' and '_'. The subscription is route-<name>, its dead letters "
                    + "go to tidings/dlq/route-<name>, and forwarded events have source tidings:route/<name>.")
    String name();

    @AttributeDefinition(name = "From",
            description = "The topic pattern read: a topic, prefix/* or * . It must be covered by a durable topic.")
    String from();

    @AttributeDefinition(name = "To", cardinality = 100,
            description = "The target topics; each forwarded event is published on every one of them.")
    String[] to();

    @AttributeDefinition(name = "Event pattern", required = false,
            description = "A JSON event pattern (tidings.pattern); empty forwards every event of 'from'.")
    String pattern() default "";

    @AttributeDefinition(name = "Start", description = "Where a new route starts reading: latest, earliest or an "
            + "ISO-8601 instant. Once it has committed an offset, a route resumes from there.")
    String start() default "latest";

    @AttributeDefinition(name = "Retry attempts", min = "1",
            description = "Attempts per event, the first included, before it is parked in tidings/dlq/route-<name>.")
    int retryMax() default 3;

    @AttributeDefinition(name = "Retry backoff", description = "The first retry delay: milliseconds or ISO-8601.")
    String retryBackoff() default "1000";

    @AttributeDefinition(name = "Select", required = false, cardinality = 100,
            description = "Data fields to keep (dotted paths such as customer.id, name[*] for every element of an "
                    + "array, as in items[*].productId); the others are dropped.")
    String[] select() default {};

    @AttributeDefinition(name = "Rename", required = false, cardinality = 100,
            description = "Top-level data fields to rename, as old=new; applied after select.")
    String[] rename() default {};

    @AttributeDefinition(name = "Metadata", required = false, cardinality = 100,
            description = "Metadata entries added to each forwarded event, as key=value.")
    String[] metadata() default {};

    @AttributeDefinition(name = "Type", required = false,
            description = "The type of forwarded events; empty keeps the original type.")
    String type() default "";
}
