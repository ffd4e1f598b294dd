package org.vmbussim.azblob.vsc;

import java.util.concurrent.atomic.AtomicBoolean;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One device's MXBean in an MBean server. The name is
 * {@code <domain>:type=AzureBlobDevice,guest="<guest memory name>",node="<device path>"}; several guests in
 * one JVM may have the same names, so a taken name gets {@code ,instance=2}, {@code 3}, ... (no static
 * registry: the server itself says what is taken). Diagnostics must never break the device: a failed
 * registration is logged and the device works without its MXBean, as the seed ignored debugfs failures.
 */
final class JmxRegistration {
    private static final Logger LOG = LoggerFactory.getLogger(JmxRegistration.class);
    /** Instances tried before giving up on a name. */
    private static final int MAX_INSTANCES = 1000;

    private final MBeanServer server;
    private final ObjectName name;
    private final AtomicBoolean registered = new AtomicBoolean(true);

    private JmxRegistration(final MBeanServer server, final ObjectName name) {
        this.server = server;
        this.name = name;
    }

    /**
     * Registers an MXBean.
     *
     * @param server the server
     * @param domain the JMX domain
     * @param guest  the guest's name
     * @param node   the device path
     * @param bean   the MXBean
     * @return the registration, or null when it failed (logged)
     */
    static JmxRegistration register(final MBeanServer server, final String domain, final String guest,
            final String node, final AzureBlobDeviceMXBean bean) {
        final String base = domain + ":type=AzureBlobDevice,guest=" + ObjectName.quote(guest) + ",node="
                + ObjectName.quote(node);
        try {
            final StandardMBean mbean = new StandardMBean(bean, AzureBlobDeviceMXBean.class, true);
            for (int instance = 1; instance <= MAX_INSTANCES; instance++) {
                final ObjectName name = new ObjectName(instance == 1 ? base : base + ",instance=" + instance);
                try {
                    server.registerMBean(mbean, name);
                    return new JmxRegistration(server, name);
                } catch (final InstanceAlreadyExistsException e) {
                    LOG.debug("{} is taken, trying the next instance", name);
                }
            }
            LOG.warn("no free JMX name for {} after {} instances; the device has no MXBean", base, MAX_INSTANCES);
        } catch (final MalformedObjectNameException e) {
            LOG.warn("bad JMX name {}; the device has no MXBean", base, e);
        } catch (final JMException e) {
            LOG.warn("JMX registration of {} failed; the device has no MXBean", base, e);
        }
        return null;
    }

    /**
     * The registered name.
     *
     * @return the name
     */
    ObjectName name() {
        return name;
    }

    /** Unregisters (once; later calls do nothing). */
    void unregister() {
        if (!registered.compareAndSet(true, false)) {
            return;
        }
        try {
            server.unregisterMBean(name);
        } catch (final InstanceNotFoundException e) {
            LOG.debug("{} was already unregistered by someone else", name);
        } catch (final JMException e) {
            LOG.warn("JMX unregistration of {} failed", name, e);
        }
    }
}
