package io.tidings.http.internal;

import org.osgi.service.component.annotations.Component;

/**
 * The Gogo command {@code tidings:hashtoken <token>}: prints the SHA-256 to put in an {@code io.tidings.http.client}
 * configuration's {@code tokenSha256} (the same as {@code printf %s <token> | sha256sum}). Stateless, thread-safe.
 */
@Component(service = HashTokenCommand.class, property = { "osgi.command.scope=tidings",
        "osgi.command.function=hashtoken" })
public class HashTokenCommand {

    /**
     * @param token a client's token
     * @return its lowercase hex SHA-256
     */
    public String hashtoken(String token) {
        return TokenHash.sha256Hex(token);
    }
}
