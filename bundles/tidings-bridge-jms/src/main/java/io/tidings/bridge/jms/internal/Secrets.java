package io.tidings.bridge.jms.internal;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Keeps credentials out of what the bridge shows: broker URLs without user info and password parameters, and error
 * texts with the configured password masked, so logs and {@code tidings:bridges} never carry a secret.
 *
 * <p>Stateless and thread-safe.
 */
final class Secrets {

    static final String MASK = "****";
    private static final Pattern USER_INFO = Pattern.compile("(?<=://)[^/@?#]*@");
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)((?:password|passwd|pwd|trustStorePassword|keyStorePassword)=)[^&;)\\s]*");

    private Secrets() {
    }

    /** @return the URL without {@code user:password@} and with every password parameter masked */
    static String withoutCredentials(String url) {
        return PASSWORD_PARAMETER.matcher(USER_INFO.matcher(url).replaceAll("")).replaceAll("$1" + MASK);
    }

    /**
     * @param error an error, possibly with a cause chain
     * @param password the configured password, or {@code null}
     * @return a one-line description of the error and its root cause, the password masked
     */
    static String describe(Throwable error, String password) {
        StringBuilder b = new StringBuilder(error.getClass().getSimpleName());
        if (error.getMessage() != null) {
            b.append(": ").append(error.getMessage());
        }
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != error) {
            b.append(" (caused by ").append(root.getClass().getSimpleName());
            if (root.getMessage() != null) {
                b.append(": ").append(root.getMessage());
            }
            b.append(')');
        }
        return mask(b.toString(), password);
    }

    /** @return the text with the password, and password parameters of URLs in it, masked */
    static String mask(String text, String password) {
        String t = text;
        if (password != null && !password.isEmpty()) {
            t = t.replace(password, MASK);
        }
        return PASSWORD_PARAMETER.matcher(USER_INFO.matcher(t).replaceAll("")).replaceAll("$1" + MASK);
    }

    /** @return the text with each of the secrets, and password parameters of URLs in it, masked */
    static String maskAll(String text, Collection<String> secrets) {
        String t = text;
        // The longest first, so that a secret inside another does not leave the rest of that one readable.
        for (String secret : secrets.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList()) {
            t = mask(t, secret);
        }
        return mask(t, (String) null);
    }

    /**
     * @param key a configuration or JNDI environment key
     * @return whether its value is a secret: {@code java.naming.security.credentials} and any key naming a password,
     *         credentials, a secret or a token
     */
    static boolean isSecretKey(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("credential") || k.contains("password") || k.contains("passwd") || k.contains("secret")
                || k.contains("token");
    }
}
