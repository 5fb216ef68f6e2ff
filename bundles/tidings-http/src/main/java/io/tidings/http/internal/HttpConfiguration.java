package io.tidings.http.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The HTTP endpoints' configuration, PID {@code io.tidings.http}. */
@ObjectClassDefinition(id = HttpConfiguration.PID, name = "Tidings HTTP",
        description = "HTTP ingress (POST /events/{topic}), egress (GET /events/{pattern} as Server-Sent Events) and"
                + " the admin JSON API (/admin/...), on the OSGi HTTP Whiteboard.")
@interface HttpConfiguration {

    String PID = "io.tidings.http";

    @AttributeDefinition(name = "Context path",
            description = "Where the endpoints live on the HTTP service: / gives /events/... and /admin/...")
    String contextPath() default "/";

    @AttributeDefinition(name = "Maximum body bytes",
            description = "Larger request bodies are refused with 413, before or while reading them.")
    int maxBodyBytes() default 1024 * 1024;

    @AttributeDefinition(name = "SSE keep-alive seconds",
            description = "A comment line is sent on idle event streams this often; it also detects closed clients.")
    int sseKeepAliveSeconds() default 15;

    @AttributeDefinition(name = "Require authentication",
            description = "When true, every request needs a token of an io.tidings.http.client configuration"
                    + " (Authorization: Bearer or X-API-Key); when false, every request may do everything.")
    boolean authRequired() default true;

    @AttributeDefinition(name = "Publish timeout seconds",
            description = "How long a POST waits for its events to be stored before answering 504.")
    int publishTimeoutSeconds() default 30;
}
