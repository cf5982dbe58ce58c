import { describe, expect, it } from 'vitest';
import type { CircuitConfig } from '../api/types';
import { circuit, list } from '../test/fixtures';
import {
  HISTORY_LIMIT,
  applyCircuit,
  applyCounters,
  applySnapshot,
  applyTransition,
  markStreamLost,
  recentTransitions,
} from './fleetCache';

const config = { failureThreshold: 3, failureRateThreshold: 50 } as CircuitConfig;
const opened = {
  from: 'CLOSED' as const,
  to: 'OPEN' as const,
  generation: 2,
  at: 5_000,
  by: 'gw-2',
  reason: 'failures 3 >= failureThreshold 3',
  byThisInstance: false,
};

describe('fleet cache reducers', () => {
  it('counters update the window but keep config and transitions from the snapshot', () => {
    const snapshot = applySnapshot(undefined, list([circuit({ config, transitions: [] })]), 1_000);
    const counters = circuit({
      failuresOrSuccesses: 2,
      window: { calls: 4, failures: 2, slow: 0, failureRate: 50, slowRate: 0 },
    });

    const view = applyCounters(snapshot, { at: 3_500, instance: 'gw-1', store: 'degraded', circuits: [counters] }, 2_000);

    expect(view.circuits[0].failuresOrSuccesses).toBe(2);
    expect(view.circuits[0].config).toBe(config);
    expect(view.store).toBe('degraded');
    expect(view.storeKind).toBe('memory');
    expect(view.clockOffsetMs).toBe(1_500);
    expect(view.history.payment_gateway.map((p) => p.failureRate)).toEqual([0, 50]);
  });

  it('keeps at most HISTORY_LIMIT failure-rate samples, newest last', () => {
    let view = applySnapshot(undefined, list([circuit()]), 0);
    for (let i = 1; i <= HISTORY_LIMIT + 10; i++) {
      const c = circuit({ window: { calls: i, failures: 0, slow: 0, failureRate: i, slowRate: 0 } });
      view = applyCounters(view, { at: i * 1000, instance: 'gw-1', store: 'ok', circuits: [c] }, i * 1000);
    }
    const history = view.history.payment_gateway;
    expect(history).toHaveLength(HISTORY_LIMIT);
    expect(history[history.length - 1].failureRate).toBe(HISTORY_LIMIT + 10);
  });

  it('a transition event moves the state at once and is recorded once even if seen again', () => {
    const snapshot = applySnapshot(undefined, list([circuit()]), 0);
    const event = { circuit: 'payment_gateway', ...opened };

    const once = applyTransition(snapshot, event, 10)!;
    const twice = applyTransition(once, event, 20)!;

    expect(twice.circuits[0]).toMatchObject({ state: 'OPEN', generation: 2, changedBy: 'gw-2', since: 5_000 });
    expect(twice.circuits[0].transitions).toEqual([opened]);
    expect(recentTransitions(twice, 5)).toEqual([event]);
  });

  it('a snapshot after a fleet restart replaces the cached state wholesale, even with a lower generation', () => {
    // The tab saw the old run up to CLOSED #13 on gw-1 ...
    const oldRun = applySnapshot(
      undefined,
      list([
        circuit({ generation: 13, transitions: [{ ...opened, from: 'HALF_OPEN', to: 'CLOSED', generation: 13 }] }),
        circuit({ name: 'removed_since' }),
      ]),
      0,
    );
    // ... then the fleet is restarted with a fresh store; the reconnect's snapshot comes from gw-3.
    const fresh = circuit({
      state: 'OPEN',
      generation: 9,
      failuresOrSuccesses: 5,
      local: { permitted: 1, rejected: 2, successes: 0, failures: 1, slow: 0, late: 0, released: 0, inFlight: 0 },
      transitions: [{ ...opened, generation: 9, at: 9_000, by: 'gw-3' }],
    });

    const view = applySnapshot(oldRun, { ...list([fresh]), instance: 'gw-3' }, 20);

    expect(view.instance).toBe('gw-3');
    expect(view.circuits).toHaveLength(1);
    expect(view.circuits[0]).toMatchObject({ state: 'OPEN', generation: 9, failuresOrSuccesses: 5 });
    expect(view.circuits[0].local?.rejected).toBe(2);
    expect(view.circuits[0].transitions?.map((t) => t.generation)).toEqual([9]);
    expect(Object.keys(view.history)).toEqual(['payment_gateway']);
    expect(view.streamAt).toBe(20);
  });

  it('a full GET /api/v1/circuits replaces the view the same way, but does not count as a live stream', () => {
    const live = applyTransition(
      applySnapshot(undefined, list([circuit({ generation: 13 })]), 0),
      { circuit: 'payment_gateway', ...opened, generation: 14 },
      5,
    );
    const polled = { ...list([circuit({ state: 'HALF_OPEN', generation: 3 })]), instance: 'gw-2' };

    const view = applySnapshot(markStreamLost(live), polled, 10, 'fetch');

    expect(view).toMatchObject({ instance: 'gw-2', streamAt: null });
    expect(view.circuits[0]).toMatchObject({ state: 'HALF_OPEN', generation: 3 });
  });

  it('a transition event with an older generation than the view is recorded but does not move the state', () => {
    const snapshot = applySnapshot(undefined, list([circuit({ state: 'OPEN', generation: 4 })]), 0);
    const late = { circuit: 'payment_gateway', ...opened, from: 'OPEN' as const, to: 'HALF_OPEN' as const, generation: 3 };

    const view = applyTransition(snapshot, late, 10)!;

    expect(view.circuits[0]).toMatchObject({ state: 'OPEN', generation: 4 });
    expect(view.circuits[0].transitions?.map((t) => t.generation)).toEqual([3]);
  });

  it('counters that raced a transition do not undo it; later counters with a lower generation are taken', () => {
    const snapshot = applySnapshot(undefined, list([circuit()]), 0);
    const open = applyTransition(snapshot, { circuit: 'payment_gateway', ...opened }, 10);
    const closedGen1 = circuit({ generation: 1, state: 'CLOSED', failuresOrSuccesses: 3 });
    const counters = (at: number) => ({ at, instance: 'gw-1', store: 'ok' as const, circuits: [closedGen1] });

    // Read before the transition, sent after it: the transition stands, the counts are taken.
    const raced = applyCounters(open, counters(1_000), 20);
    expect(raced.circuits[0]).toMatchObject({ state: 'OPEN', generation: 2, failuresOrSuccesses: 3 });

    // The next read still says generation 1 (the store was reset under a running gateway): believe it.
    const reset = applyCounters(raced, counters(2_000), 1_020);
    expect(reset.circuits[0]).toMatchObject({ state: 'CLOSED', generation: 1 });
  });

  it('the same generation after a store reset is a new transition, not a duplicate', () => {
    const before = applySnapshot(undefined, list([circuit({ transitions: [opened] })]), 0);
    const again = { circuit: 'payment_gateway', ...opened, at: 90_000, by: 'gw-3' };

    const view = applyTransition(before, again, 10)!;

    expect(view.circuits[0].transitions?.map((t) => t.at)).toEqual([90_000, 5_000]);
  });

  it('a single-circuit answer (any instance) keeps local counts and transitions of the view\'s instance', () => {
    const local = { permitted: 7, rejected: 0, successes: 7, failures: 0, slow: 0, late: 0, released: 0, inFlight: 0 };
    const snapshot = applySnapshot(undefined, list([circuit({ local, transitions: [opened], generation: 2 })]), 0);
    const otherLocal = { ...local, permitted: 99 };
    const fromGw2 = circuit({ state: 'FORCED_OPEN', generation: 3, openUntil: 50, local: otherLocal, transitions: [] });

    const view = applyCircuit(snapshot, fromGw2, 10)!;
    expect(view.instance).toBe('gw-1');
    expect(view.circuits[0]).toMatchObject({ state: 'FORCED_OPEN', generation: 3, openUntil: 50, local });
    expect(view.circuits[0].transitions).toEqual([opened]);

    const older = applyCircuit(view, circuit({ generation: 2, state: 'CLOSED' }), 20)!;
    expect(older.circuits[0]).toMatchObject({ state: 'FORCED_OPEN', generation: 3 });
  });

  it('an admin answer replaces the circuit it names', () => {
    const snapshot = applySnapshot(undefined, list([circuit(), circuit({ name: 'search' })]), 0);
    const forced = circuit({ state: 'FORCED_OPEN', generation: 2, changedBy: 'admin' });

    const view = applyCircuit(snapshot, forced, 10)!;

    expect(view.circuits.map((c) => [c.name, c.state])).toEqual([
      ['payment_gateway', 'FORCED_OPEN'],
      ['search', 'CLOSED'],
    ]);
  });
});
