package io.tidings.http.internal;

/**
 * A known client of the HTTP endpoints: its name, its token's hash and its grants. Immutable, thread-safe.
 *
 * @param name who it is
 * @param tokenSha256 the SHA-256 of its token
 * @param publish where it may publish
 * @param subscribe what it may subscribe to
 * @param admin whether it may use the admin API
 */
record HttpClient(String name, byte[] tokenSha256, TopicGrants publish, TopicGrants subscribe, boolean admin) {

    /** The caller when authentication is not required: may do everything. */
    static final HttpClient ANONYMOUS = new HttpClient("anonymous", new byte[32],
            new TopicGrants(java.util.List.of("*")), new TopicGrants(java.util.List.of("*")), true);
}
