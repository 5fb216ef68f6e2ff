package io.tidings.json.internal.schema;

import java.lang.System.Logger.Level;
import java.util.Map;

import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * One event schema per factory configuration of {@code io.tidings.schema}, registered in {@link JsonEventSchemas}
 * under the configuration's PID for as long as the configuration exists. A schema that cannot be used (not JSON,
 * not a JSON Schema, a bad version, incompatible with an earlier minor version) is registered with its problem, which
 * {@code tidings:schemas} shows and the log says, and validates nothing.
 *
 * <p>Thread-safety: SCR serialises activation and deactivation.
 */
@Component(configurationPid = ConfiguredSchema.FACTORY_PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {})
@Designate(ocd = SchemaConfiguration.class, factory = true)
public final class ConfiguredSchema {

    /** The factory PID of schema configurations. */
    public static final String FACTORY_PID = "io.tidings.schema";

    private static final System.Logger LOG = System.getLogger(ConfiguredSchema.class.getName());

    private final JsonEventSchemas schemas;
    private final String origin;

    @Activate
    public ConfiguredSchema(Map<String, Object> configuration, @Reference JsonEventSchemas schemas) {
        this.schemas = schemas;
        this.origin = String.valueOf(configuration.get(Constants.SERVICE_PID));
        Object version = configuration.getOrDefault("version", "1.0");
        String problem = schemas.register(origin, text(configuration.get("type")), text(version),
                text(configuration.get("schema")));
        if (problem != null) {
            LOG.log(Level.WARNING, "Schema configuration " + origin + " is not in force: " + problem);
        }
    }

    @Deactivate
    void deactivate() {
        schemas.unregister(origin);
    }

    private static String text(Object value) {
        return value == null ? null : String.valueOf(value).trim();
    }
}
