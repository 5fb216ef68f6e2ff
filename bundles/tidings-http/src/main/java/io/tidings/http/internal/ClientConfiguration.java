package io.tidings.http.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** One HTTP client's credentials and grants: a factory configuration of PID {@code io.tidings.http.client}. */
@ObjectClassDefinition(id = ClientConfiguration.FACTORY_PID, name = "Tidings HTTP client",
        description = "A client of the Tidings HTTP endpoints: the SHA-256 of its token and what it may do.")
@interface ClientConfiguration {

    String FACTORY_PID = "io.tidings.http.client";

    @AttributeDefinition(name = "Name", description = "Who the client is, for logs and problem details.")
    String name();

    @AttributeDefinition(name = "Token SHA-256",
            description = "The lowercase hex SHA-256 of the client's token (tidings:hash-token <token>, or"
                    + " printf %s <token> | sha256sum); never the token itself.")
    String tokenSha256();

    @AttributeDefinition(name = "Publish", description = "Topic patterns it may publish to: a topic, prefix/* or *.")
    String[] publish() default {};

    @AttributeDefinition(name = "Subscribe",
            description = "Topic patterns it may subscribe to (SSE): a topic, prefix/* or *.")
    String[] subscribe() default {};

    @AttributeDefinition(name = "Admin", description = "Whether it may use the admin API (/admin/...).")
    boolean admin() default false;
}
