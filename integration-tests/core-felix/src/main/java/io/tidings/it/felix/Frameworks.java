package io.tidings.it.felix;

import java.util.Arrays;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/** Looks things up in the running framework. */
final class Frameworks {

    private Frameworks() {
    }

    /** @return the installed bundle with this symbolic name; fails if there is none */
    static Bundle bundle(BundleContext context, String symbolicName) {
        return Arrays.stream(context.getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName()))
                .findFirst().orElseThrow(() -> new AssertionError("No bundle " + symbolicName + " installed"));
    }

    /** @return whether a bundle with this symbolic name is installed */
    static boolean installed(BundleContext context, String symbolicName) {
        return Arrays.stream(context.getBundles()).anyMatch(b -> symbolicName.equals(b.getSymbolicName()));
    }
}
