package io.tidings.http.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * SHA-256 hashes of client tokens, and their constant-time comparison. Tokens are meant to be random (at least 128
 * bits, e.g. {@code openssl rand -hex 32}), so a fast hash is enough: nobody can brute-force a random 256-bit token
 * through its hash, and a slow key-derivation function would cost every request. Thread-safe (stateless).
 */
final class TokenHash {

    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    private TokenHash() {
    }

    /** @return the SHA-256 of the token's UTF-8 bytes, 32 bytes */
    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** @return the lowercase hex SHA-256 of the token, as {@code sha256sum} prints it */
    static String sha256Hex(String token) {
        return HexFormat.of().formatHex(sha256(token));
    }

    /**
     * @param hex a configured hash
     * @return its 32 bytes
     * @throws IllegalArgumentException if it is not 64 lowercase or uppercase hex digits
     */
    static byte[] parse(String hex) {
        String h = hex == null ? "" : hex.trim().toLowerCase(java.util.Locale.ROOT);
        if (!HEX.matcher(h).matches()) {
            throw new IllegalArgumentException("tokenSha256 must be 64 hex digits (a SHA-256), not the token itself");
        }
        return HexFormat.of().parseHex(h);
    }

    /** Compares in time that depends on the lengths only, not on where the hashes differ. */
    static boolean matches(byte[] expected, byte[] actual) {
        return MessageDigest.isEqual(expected, actual);
    }
}
