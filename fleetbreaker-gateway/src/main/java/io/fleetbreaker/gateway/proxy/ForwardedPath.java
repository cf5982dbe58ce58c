package io.fleetbreaker.gateway.proxy;

import java.util.Locale;

/**
 * Checks the path a proxied request would be forwarded with, so that nothing after {@code /proxy/{circuit}} can climb
 * out of the circuit's upstream prefix ({@code upstream: http://h/api/v1} must never reach {@code /admin}).
 *
 * <p>The forwarded path is sent as is (never normalised, which would change what the client asked for), so a path is
 * refused when any segment is {@code .} or {@code ..} written raw or percent-encoded in any case ({@code %2e},
 * {@code .%2E}, ...), also with a {@code ;parameter} after it ({@code ..;x}, which some servers read as {@code ..});
 * or when a segment holds an encoded slash or backslash ({@code %2f}, {@code %5c}) or a raw backslash, which an
 * upstream may decode into a separator and so smuggle segments past this check. Stateless; thread-safe.
 */
final class ForwardedPath {

    private ForwardedPath() {
    }

    /**
     * Why {@code rest} (what followed {@code /proxy/{circuit}} in the raw request URI: empty, {@code ?query} or
     * {@code /path?query}) must not be forwarded, or {@code null} when it may.
     */
    static String problem(String rest) {
        int end = rest.indexOf('?');
        String path = end < 0 ? rest : rest.substring(0, end);
        int start = 0;
        while (start <= path.length()) {
            int slash = path.indexOf('/', start);
            int segEnd = slash < 0 ? path.length() : slash;
            String problem = segmentProblem(path.substring(start, segEnd));
            if (problem != null) {
                return problem;
            }
            if (slash < 0) {
                break;
            }
            start = slash + 1;
        }
        return null;
    }

    private static String segmentProblem(String segment) {
        if (segment.isEmpty()) {
            return null;
        }
        String lower = segment.toLowerCase(Locale.ROOT);
        if (lower.contains("%2f") || lower.contains("%5c") || lower.indexOf('\\') >= 0) {
            return "the path segment '" + segment + "' holds an encoded slash or a backslash";
        }
        int param = lower.indexOf(';');
        String name = (param < 0 ? lower : lower.substring(0, param)).replace("%2e", ".");
        if (name.equals(".") || name.equals("..")) {
            return "the path holds a '" + segment + "' segment (dot-segments are not forwarded)";
        }
        return null;
    }
}
