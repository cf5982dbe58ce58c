package io.fleetbreaker.bench;

/**
 * One row of the result table: what was measured, its target, the measured value, the peer's value and their ratio.
 * {@code holds} is {@code null} when the row has no pass/fail target (a context row).
 */
public record Figure(String name, String target, String measured, String peer, String ratio, Boolean holds,
        String note) {

    public static Figure of(String name, String target, String measured, String peer, String ratio, Boolean holds) {
        return new Figure(name, target, measured, peer, ratio, holds, "");
    }

    public Figure withNote(String n) {
        return new Figure(name, target, measured, peer, ratio, holds, n);
    }

    static String ratio(double measured, double peer) {
        return peer <= 0 || Double.isNaN(peer) || Double.isNaN(measured) ? "-" : String.format("%.2f", measured / peer);
    }
}
