import type { Circuit, CircuitList } from '../api/types';

export function circuit(overrides: Partial<Circuit> = {}): Circuit {
  return {
    name: 'payment_gateway',
    upstream: 'http://127.0.0.1:9001',
    state: 'CLOSED',
    generation: 1,
    since: 1_000,
    changedBy: 'gw-1',
    reason: 'created',
    failuresOrSuccesses: 0,
    window: { calls: 0, failures: 0, slow: 0, failureRate: 0, slowRate: 0 },
    openUntil: null,
    halfOpenUntil: null,
    consecutiveOpens: 0,
    probes: { inUse: 0, permitted: 2, successes: 0, successThreshold: 2 },
    ...overrides,
  };
}

export function list(circuits: Circuit[]): CircuitList {
  return { instance: 'gw-1', store: 'ok', storeKind: 'memory', circuits };
}
