package io.fleetbreaker.internal;

/**
 * The key schema in the shared store. Everything of a circuit that belongs to one generation carries the generation
 * in its key, so a transition starts from fresh keys and old ones simply expire: nothing is ever deleted in a race.
 * <pre>
 *   {p}:changes                      fleet change counter, bumped by every transition (one cheap read per tick)
 *   {p}:members                      heartbeats of the live instances
 *   {p}:r:{circuit}                  the circuit's record (CAS-guarded)
 *   {p}:w:{circuit}:{gen}:{bucket}   packed window counter of one time bucket
 *   {p}:l:{circuit}:{gen}:{slot}     one half-open probe lease
 *   {p}:s:{circuit}:{gen}            half-open probe successes
 * </pre>
 */
final class Keys {

    private final String prefix;

    Keys(String prefix) {
        this.prefix = prefix;
    }

    String changes() {
        return prefix + ":changes";
    }

    String members() {
        return prefix + ":members";
    }

    String record(String circuit) {
        return prefix + ":r:" + circuit;
    }

    String windowBucket(String circuit, long generation, long bucket) {
        return prefix + ":w:" + circuit + ":" + generation + ":" + bucket;
    }

    String lease(String circuit, long generation, int slot) {
        return prefix + ":l:" + circuit + ":" + generation + ":" + slot;
    }

    String probeSuccesses(String circuit, long generation) {
        return prefix + ":s:" + circuit + ":" + generation;
    }
}
