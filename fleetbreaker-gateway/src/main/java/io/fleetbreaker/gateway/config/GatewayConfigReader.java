package io.fleetbreaker.gateway.config;

import io.fleetbreaker.StoreFailurePolicy;
import io.fleetbreaker.gateway.config.StoreConfig.StoreType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Turns the (env-expanded) YAML tree into a {@link GatewayConfig}, collecting every problem. Stateless. */
final class GatewayConfigReader {

    private static final List<String> TOP_KEYS = List.of("instanceId", "server", "store", "sync", "admin",
            "defaults", "circuits");
    private static final String ID_RULE = "[A-Za-z0-9._-]{1,100}";

    private GatewayConfigReader() {
    }

    static Optional<GatewayConfig> read(Map<?, ?> tree, ConfigProblems problems) {
        ConfigNode root = new ConfigNode("", tree, problems);
        root.rejectUnknownKeys(TOP_KEYS);
        String instanceId = root.matching("instanceId", ID_RULE, "an id matching " + ID_RULE).orElse(null);
        ServerConfig server = server(root.section("server"));
        StoreConfig store = store(root.section("store"));
        ConfigNode sync = root.section("sync");
        sync.rejectUnknownKeys(List.of("interval"));
        Duration syncInterval = sync.duration("interval").orElse(GatewayConfig.DEFAULT_SYNC_INTERVAL);
        ConfigNode adminNode = root.section("admin");
        adminNode.rejectUnknownKeys(List.of("token"));
        AdminConfig admin = new AdminConfig(adminNode.string("token").filter(t -> !t.isEmpty()).orElse(null));
        Map<String, CircuitConfig> circuits = circuits(root);
        return problems.isEmpty()
                ? Optional.of(new GatewayConfig(instanceId, server, store, syncInterval, admin, circuits))
                : Optional.empty();
    }

    private static ServerConfig server(ConfigNode node) {
        node.rejectUnknownKeys(List.of("host", "port"));
        return new ServerConfig(node.string("host").orElse(ServerConfig.DEFAULT_HOST),
                node.integer("port", 0, 65535).orElse(ServerConfig.DEFAULT_PORT));
    }

    private static StoreConfig store(ConfigNode node) {
        node.rejectUnknownKeys(List.of("type", "servers", "keyPrefix", "requestTimeout", "onFailure"));
        // Without an explicit type, listing servers means memcached; nothing at all means a single in-memory instance.
        StoreType type = node.choice("type", choices(StoreType.values())).orElse(
                node.has("servers") ? StoreType.MEMCACHED : StoreType.MEMORY);
        List<String> servers = servers(node);
        if (type == StoreType.MEMCACHED && servers.isEmpty() && !hasProblemAbout(node, "servers")) {
            node.problems().add(node.key("servers") + " must list at least one host:port when store.type is"
                    + " memcached but was " + (node.has("servers") ? "empty" : "missing"));
        }
        return new StoreConfig(type, type == StoreType.MEMCACHED ? servers : List.of(),
                node.matching("keyPrefix", "[A-Za-z0-9._-]{1,50}", "a prefix matching [A-Za-z0-9._-]{1,50}")
                        .orElse(StoreConfig.DEFAULT_KEY_PREFIX),
                node.duration("requestTimeout").orElse(StoreConfig.DEFAULT_REQUEST_TIMEOUT),
                node.choice("onFailure", choices(StoreFailurePolicy.values())).orElse(StoreFailurePolicy.LOCAL));
    }

    private static boolean hasProblemAbout(ConfigNode node, String key) {
        return node.problems().list().stream().anyMatch(p -> p.startsWith(node.key(key)));
    }

    /** A list of {@code host:port}, or one comma-separated string (handy with {@code ${MEMCACHED_SERVERS}}). */
    private static List<String> servers(ConfigNode node) {
        Object raw = node.values().get("servers");
        if (raw == null) {
            return List.of();
        }
        List<?> items = raw instanceof List<?> l ? l
                : raw instanceof String s ? List.of(s.split(",")) : null;
        if (items == null) {
            node.problems().add(node.key("servers") + " must be a list of host:port but was "
                    + ConfigProblems.describe(raw));
            return List.of();
        }
        List<String> servers = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Object item = items.get(i);
            String text = item instanceof String s ? s.trim() : null;
            if (text != null && text.isEmpty() && raw instanceof String) {
                continue; // "a:1," or an empty ${VAR:-}: nothing listed here
            }
            if (text == null || !text.matches("[A-Za-z0-9._-]+:\\d{1,5}")
                    || Integer.parseInt(text.substring(text.lastIndexOf(':') + 1)) > 65535) {
                node.problems().add(node.key("servers") + "[" + i + "] must be a host:port like 127.0.0.1:11211"
                        + " but was " + ConfigProblems.describe(item));
                continue;
            }
            servers.add(text);
        }
        return servers;
    }

    private static Map<String, CircuitConfig> circuits(ConfigNode root) {
        Map<String, Object> defaults = CircuitFieldsReader.read(root.section("defaults"));
        ConfigNode circuitsNode = root.section("circuits");
        Map<String, CircuitConfig> circuits = new LinkedHashMap<>();
        if (circuitsNode.values().isEmpty() && !hasProblemAbout(root, "circuits")) {
            root.problems().add("circuits must define at least one circuit but was "
                    + (root.has("circuits") ? "empty" : "missing"));
        }
        circuitsNode.values().forEach((name, body) -> {
            String path = circuitsNode.key(name);
            if (!CircuitFieldsReader.isValidName(name)) {
                root.problems().add(path + " is not a valid circuit name: it must match [A-Za-z0-9._-]{1,100}");
                return;
            }
            if (!(body instanceof Map<?, ?> fields)) {
                root.problems().add(path + " must be a mapping of circuit fields (at least upstream) but was "
                        + ConfigProblems.describe(body));
                return;
            }
            int before = root.problems().size();
            Map<String, Object> own = CircuitFieldsReader.read(new ConfigNode(path, fields, root.problems()));
            if (root.problems().size() > before) {
                return; // field problems already reported; building would only repeat one of them
            }
            CircuitFieldsReader.build(name, path, defaults, own, root.problems())
                    .ifPresent(c -> circuits.put(name, c));
        });
        return circuits;
    }

    private static <E extends Enum<E>> Map<String, E> choices(E[] values) {
        Map<String, E> m = new LinkedHashMap<>();
        for (E e : values) {
            m.put(e.name().toLowerCase(java.util.Locale.ROOT), e);
        }
        return m;
    }
}
