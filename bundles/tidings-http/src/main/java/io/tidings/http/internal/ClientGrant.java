package io.tidings.http.internal;

import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;

/**
 * One {@code io.tidings.http.client} factory configuration, checked and registered as a service that
 * {@link HttpEndpoints} collects. A configuration that cannot be used (no name, a hash that is not a SHA-256, a bad
 * topic pattern) fails activation with a message naming what is wrong, and grants nothing. Immutable once activated.
 */
@Component(service = ClientGrant.class, configurationPid = ClientConfiguration.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ClientConfiguration.class, factory = true)
public class ClientGrant {

    private final HttpClient client;

    /** @throws IllegalArgumentException naming the property that cannot be used */
    @Activate
    public ClientGrant(ClientConfiguration config) {
        String name = config.name();
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("io.tidings.http.client: 'name' is missing");
        }
        try {
            this.client = new HttpClient(name, TokenHash.parse(config.tokenSha256()),
                    new TopicGrants(List.of(config.publish())), new TopicGrants(List.of(config.subscribe())),
                    config.admin());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("io.tidings.http.client '" + name + "' refused: " + e.getMessage(), e);
        }
    }

    HttpClient client() {
        return client;
    }
}
