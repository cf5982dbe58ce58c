package io.fleetbreaker.gateway;

/** Placeholder entry point; the CLI is being built. */
public final class Main {
    public static void main(String[] args) {
        System.err.println("fleetbreaker: not built yet");
        System.exit(1);
    }
}
