package io.tidings.json.internal.schema;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * An event schema, factory PID {@code io.tidings.schema}: one factory configuration per event type and version.
 * The designate (factory) comes from {@link ConfiguredSchema}'s {@code @Designate}.
 */
@ObjectClassDefinition(id = ConfiguredSchema.FACTORY_PID, name = "Tidings event schema",
        description = "A JSON Schema for the data of one event type and version. Typed events (tidings.type) whose "
                + "data does not match are refused when published, and neither stored nor delivered. Within a "
                + "major version, a later minor version may only add optional fields.")
@interface SchemaConfiguration {

    @AttributeDefinition(name = "Type", description = "The event type, as in tidings.type (CloudEvents type).")
    String type();

    @AttributeDefinition(name = "Version", description = "major.minor, as in tidings.version; events of version "
            + "1.2.3 are validated by the schema of 1.2.")
    String version() default "1.0";

    @AttributeDefinition(name = "Schema", description = "The JSON Schema (2020-12 unless $schema says otherwise), as "
            + "JSON text. $refs are resolved within the schema only, never over the network.")
    String schema();
}
