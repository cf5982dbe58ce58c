package io.fleetbreaker.gateway;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGHUP → config reload. {@code sun.misc.Signal} is not a supported API and does not exist on every platform
 * (Windows has no HUP), so installation is best effort: when it fails the admin reload endpoint still works.
 */
final class ReloadSignal {

    private static final Logger LOG = LoggerFactory.getLogger(ReloadSignal.class);

    private ReloadSignal() {
    }

    static void install(Gateway gateway) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> {
                LOG.info("SIGHUP: reloading the config");
                gateway.reload(); // logs the outcome itself
            });
        } catch (Throwable e) { // IllegalArgumentException, or the class missing on exotic JVMs
            LOG.info("SIGHUP reload not available here ({}); use POST /api/v1/admin/reload", e.toString());
        }
    }
}
