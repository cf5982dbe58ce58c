import { describe, expect, it } from 'vitest';
import type { CircuitConfig } from '../api/types';
import { circuit, list } from '../test/fixtures';
import {
  HISTORY_LIMIT,
  applyCircuit,
  applyCounters,
  applySnapshot,
  applyTransition,
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

  it('a late snapshot or counters from an older generation does not move the state back', () => {
    const snapshot = applySnapshot(undefined, list([circuit()]), 0);
    const open = applyTransition(snapshot, { circuit: 'payment_gateway', ...opened }, 10);
    const stale = circuit({ generation: 1, state: 'CLOSED', failuresOrSuccesses: 3 });

    const view = applySnapshot(open, list([stale]), 20);

    expect(view.circuits[0].state).toBe('OPEN');
    expect(view.circuits[0].generation).toBe(2);
    expect(view.circuits[0].failuresOrSuccesses).toBe(3);
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
