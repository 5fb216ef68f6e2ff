package io.tidings.bridge.jms.internal;

import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleWiring;

/**
 * The thread context class loader of a JNDI lookup in OSGi. {@link javax.naming.InitialContext} loads the class named
 * by {@code java.naming.factory.initial} (and object factories) through the thread context class loader, and the
 * bridge bundle cannot import every provider's package in advance: this loader tries the bridge bundle first, then
 * the bundle that exports the class's package, as a {@code DynamicImport-Package} limited to the lookup would.
 *
 * <p>Thread-safe: it only reads the framework's wiring.
 */
final class ProviderClassLoader extends ClassLoader {

    private final BundleContext context;

    ProviderClassLoader(ClassLoader bridge, BundleContext context) {
        super(bridge);
        this.context = context;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        int dot = name.lastIndexOf('.');
        if (dot > 0) {
            String pkg = name.substring(0, dot);
            for (Bundle bundle : context.getBundles()) {
                BundleWiring wiring = bundle.adapt(BundleWiring.class);
                if (wiring != null && exports(wiring, pkg)) {
                    return bundle.loadClass(name);
                }
            }
        }
        throw new ClassNotFoundException(name + ": neither the JMS bridge bundle nor an exported package has it");
    }

    private static boolean exports(BundleWiring wiring, String pkg) {
        for (BundleCapability c : wiring.getCapabilities(PackageNamespace.PACKAGE_NAMESPACE)) {
            Map<String, Object> attributes = c.getAttributes();
            if (pkg.equals(attributes.get(PackageNamespace.PACKAGE_NAMESPACE))) {
                return true;
            }
        }
        return false;
    }
}
