package io.fleetbreaker.gateway.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands {@code ${NAME}} and {@code ${NAME:-default}} in the scalar values of a parsed YAML tree (never in keys).
 * A reference to an unset variable without a default is a problem naming the key. A value that was expanded is
 * re-typed like a YAML scalar ({@code "${PORT:-8080}"} becomes the integer 8080), since the YAML parser only saw the
 * placeholder. Stateless apart from the environment it reads; thread-safe.
 */
final class EnvExpander {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

    private final UnaryOperator<String> environment;

    EnvExpander(UnaryOperator<String> environment) {
        this.environment = environment;
    }

    Object expand(Object node, String path, ConfigProblems problems) {
        if (node instanceof Map<?, ?> map) {
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k, expand(v, join(path, String.valueOf(k)), problems)));
            return out;
        }
        if (node instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                out.add(expand(list.get(i), path + "[" + i + "]", problems));
            }
            return out;
        }
        if (node instanceof String s && s.contains("${")) {
            return retype(expandString(s, path, problems));
        }
        return node;
    }

    private String expandString(String s, String path, ConfigProblems problems) {
        Matcher m = REFERENCE.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = environment.apply(m.group(1));
            if (value == null) {
                value = m.group(2);
            }
            if (value == null) {
                problems.add(path + " uses ${" + m.group(1) + "} which is not set (write ${" + m.group(1)
                        + ":-default} to give a default)");
                value = "";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static Object retype(String s) {
        if (s.matches("-?\\d{1,18}")) {
            long n = Long.parseLong(s);
            return n >= Integer.MIN_VALUE && n <= Integer.MAX_VALUE ? (Object) (int) n : (Object) n;
        }
        if (s.matches("-?\\d+\\.\\d+")) {
            return Double.parseDouble(s);
        }
        if (s.equals("true") || s.equals("false")) {
            return Boolean.parseBoolean(s);
        }
        return s;
    }

    static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
