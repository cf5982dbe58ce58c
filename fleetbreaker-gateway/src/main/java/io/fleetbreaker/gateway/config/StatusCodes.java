package io.fleetbreaker.gateway.config;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * A set of HTTP status codes (100-599), e.g. the statuses a circuit counts as failures. Immutable and thread-safe;
 * {@link #contains} is a bit test, cheap enough for every proxied response.
 */
public final class StatusCodes {

    /** SPEC §3: any 5xx, 408 and 429. */
    public static final StatusCodes DEFAULT_FAILURES = new StatusCodes(defaultFailureBits(), List.of("500-599", "408", "429"));

    private final BitSet codes;
    private final List<String> spelling;

    private StatusCodes(BitSet codes, List<String> spelling) {
        this.codes = codes;
        this.spelling = List.copyOf(spelling);
    }

    static StatusCodes of(BitSet codes, List<String> spelling) {
        return new StatusCodes((BitSet) codes.clone(), spelling);
    }

    public boolean contains(int status) {
        return status >= 0 && codes.get(status);
    }

    /** The codes as the config spelled them, e.g. {@code ["500-599", "408"]}. */
    public List<String> spelling() {
        return spelling;
    }

    private static BitSet defaultFailureBits() {
        BitSet b = new BitSet(600);
        b.set(500, 600);
        b.set(408);
        b.set(429);
        return b;
    }

    /** Parses one list item: a code ({@code 503}, {@code "503"}) or a range ({@code "500-599"}); null if invalid. */
    static int[] parseItem(Object item) {
        String text = item instanceof Integer i ? String.valueOf(i) : item instanceof String s ? s.trim() : null;
        if (text == null || !text.matches("\\d{3}(\\s*-\\s*\\d{3})?")) {
            return null;
        }
        String[] parts = text.split("\\s*-\\s*");
        int from = Integer.parseInt(parts[0]);
        int to = parts.length == 2 ? Integer.parseInt(parts[1]) : from;
        if (from < 100 || to > 599 || from > to) {
            return null;
        }
        return new int[] {from, to};
    }

    @Override
    public String toString() {
        return new ArrayList<>(spelling).toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StatusCodes other && other.codes.equals(codes);
    }

    @Override
    public int hashCode() {
        return codes.hashCode();
    }
}
