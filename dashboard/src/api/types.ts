// Mirrors docs/http-api.md. Times are epoch milliseconds; absent values are null.

export const CIRCUIT_STATES = [
  'CLOSED',
  'OPEN',
  'HALF_OPEN',
  'FORCED_OPEN',
  'FORCED_CLOSED',
  'DISABLED',
] as const;
export type CircuitState = (typeof CIRCUIT_STATES)[number];

export type StoreHealth = 'ok' | 'degraded';

export interface WindowCounts {
  calls: number;
  failures: number;
  slow: number;
  failureRate: number;
  slowRate: number;
}

export interface Probes {
  inUse: number;
  permitted: number;
  successes: number;
  successThreshold: number;
}

export interface CircuitConfig {
  timeout: string;
  failureThreshold: number | null;
  failureRateThreshold: number | null;
  minimumNumberOfCalls: number | null;
  slowCallDurationThreshold: string | null;
  slowCallRateThreshold: number | null;
  slidingWindow: string;
  windowBucket: string;
  openStateDuration: string;
  openStateBackoffMultiplier: number;
  maxOpenStateDuration: string;
  halfOpenPermittedCalls: number;
  halfOpenSuccessThreshold: number;
  maxHalfOpenDuration: string;
  maxConcurrentCalls: number;
  /** Status codes or ranges counted as failures, e.g. ["500-599", "408"]. */
  failureStatuses?: string[];
}

export interface LocalCounts {
  permitted: number;
  rejected: number;
  successes: number;
  failures: number;
  slow: number;
  late: number;
  released: number;
  inFlight: number;
}

export interface Transition {
  from: CircuitState;
  to: CircuitState;
  generation: number;
  at: number;
  by: string;
  reason: string;
  byThisInstance: boolean;
}

export interface Circuit {
  name: string;
  upstream: string;
  state: CircuitState;
  generation: number;
  since: number | null;
  changedBy: string | null;
  reason: string | null;
  failuresOrSuccesses: number;
  window: WindowCounts;
  openUntil: number | null;
  halfOpenUntil: number | null;
  consecutiveOpens: number;
  probes: Probes;
  /** Absent in `counters` events. */
  config?: CircuitConfig;
  local?: LocalCounts;
  /** Newest first; absent in `counters` events. */
  transitions?: Transition[];
}

/** `GET /api/v1/circuits`, also the `snapshot` SSE event. */
export interface CircuitList {
  instance: string;
  store: StoreHealth;
  storeKind: string;
  circuits: Circuit[];
}

/** SSE `transition` event. */
export interface TransitionEvent extends Transition {
  circuit: string;
}

/** SSE `counters` event (every second). */
export interface CountersEvent {
  at: number;
  instance: string;
  store: StoreHealth;
  circuits: Circuit[];
}

export interface Instance {
  id: string;
  startedAt: number;
  lastSeen: number;
  store: StoreHealth;
  self: boolean;
}

export interface InstanceList {
  instances: Instance[];
}

export type AdminAction = 'force-open' | 'force-closed' | 'disable' | 'reset';

/** Every gateway error body. */
export interface ErrorBody {
  error: string;
  message?: string;
  [key: string]: unknown;
}
