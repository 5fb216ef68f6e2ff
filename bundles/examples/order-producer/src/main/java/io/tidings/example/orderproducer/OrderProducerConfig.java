package io.tidings.example.orderproducer;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The configuration of the {@link OrderProducer}, PID {@value OrderProducer#PID}. */
@ObjectClassDefinition(name = "Tidings example: order producer",
        description = "Publishes a sample OrderPlaced event on orders/placed at a fixed interval.")
public @interface OrderProducerConfig {

    /** @return milliseconds between two orders */
    @AttributeDefinition(name = "Interval (ms)", description = "Milliseconds between two orders; at least "
            + OrderProducer.MIN_INTERVAL + ".", min = "" + OrderProducer.MIN_INTERVAL)
    long interval() default 2000;

    /** @return whether orders are published at all */
    @AttributeDefinition(name = "Enabled", description = "Publish orders; false keeps the producer quiet.")
    boolean enabled() default true;
}
