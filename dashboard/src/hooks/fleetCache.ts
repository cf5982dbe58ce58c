// Pure reducers that fold the gateway's snapshot, counters and transition events into one cached view.
// Kept free of React so they can be unit tested directly.
//
// Which answer may overwrite what (the dashboard may sit behind a load balancer, and the fleet may be restarted with a
// fresh store, so generations can go down):
// - a `snapshot` event (first on every stream connection) and a full `GET /api/v1/circuits` REPLACE the view
//   wholesale, including `instance`, the per-instance `local` counters and the transitions that instance saw;
// - a `transition` event never moves a circuit back to an older generation than the view holds (within one
//   connection the view was built from that connection's snapshot);
// - a `counters` event comes from the same instance as the connection's snapshot and is taken as it is, except that a
//   counters read which raced a transition event (read before it, sent after it) does not undo that transition;
// - a single-circuit answer (`GET /api/v1/circuits/{name}`, admin actions) names no instance: only its fleet-wide
//   fields are folded in, never older than the view, and `local`/`transitions` stay those of `view.instance`.
import type { Circuit, CircuitList, CountersEvent, StoreHealth, Transition, TransitionEvent } from '../api/types';

export const FLEET_QUERY_KEY = ['fleet'] as const;
/** Failure-rate samples kept per circuit (one per counters event, i.e. about a minute). */
export const HISTORY_LIMIT = 60;
/** Transitions kept per circuit, as many as the gateway keeps. */
export const TRANSITION_LIMIT = 50;

export interface HistoryPoint {
  at: number;
  failureRate: number;
  calls: number;
}

export interface FleetView {
  /** The gateway instance that served this view (and its `local` counters): the stream's, or the last full GET's. */
  instance: string;
  store: StoreHealth;
  storeKind: string;
  circuits: Circuit[];
  /** Failure rate per circuit over time, collected client-side. */
  history: Record<string, HistoryPoint[]>;
  /** Server clock minus browser clock, from the last `counters` event; used for countdowns. */
  clockOffsetMs: number;
  /** Browser time of the last update. */
  receivedAt: number;
  /** Browser time of the last event from a live stream; null when the view comes from a GET or the stream broke. */
  streamAt: number | null;
  /** Circuits moved by a transition event since the last counters event (see the race rule above). */
  movedSinceCounters: string[];
}

function appendPoint(points: HistoryPoint[] | undefined, point: HistoryPoint): HistoryPoint[] {
  const next = [...(points ?? []), point];
  return next.length > HISTORY_LIMIT ? next.slice(next.length - HISTORY_LIMIT) : next;
}

// Generation alone is not an identity: after a store reset generation 2 can happen twice.
const transitionKey = (t: Transition) => `${t.generation}:${t.to}:${t.at}`;

function mergeTransitions(known: Transition[] | undefined, incoming: Transition[] | undefined): Transition[] {
  const byKey = new Map<string, Transition>();
  for (const t of [...(incoming ?? []), ...(known ?? [])]) {
    if (!byKey.has(transitionKey(t))) byKey.set(transitionKey(t), t);
  }
  return [...byKey.values()]
    .sort((a, b) => b.at - a.at || b.generation - a.generation)
    .slice(0, TRANSITION_LIMIT);
}

type StateFields = Pick<
  Circuit,
  'state' | 'generation' | 'since' | 'changedBy' | 'reason' | 'openUntil' | 'halfOpenUntil' | 'consecutiveOpens'
>;

function pickState(c: Circuit): StateFields {
  const { state, generation, since, changedBy, reason, openUntil, halfOpenUntil, consecutiveOpens } = c;
  return { state, generation, since, changedBy, reason, openUntil, halfOpenUntil, consecutiveOpens };
}

function withHistory(history: Record<string, HistoryPoint[]>, circuits: Circuit[], at: number) {
  const next: Record<string, HistoryPoint[]> = {};
  for (const c of circuits) {
    next[c.name] = appendPoint(history[c.name], { at, failureRate: c.window.failureRate, calls: c.window.calls });
  }
  return next;
}

/** Where a full circuit list came from: the stream's `snapshot` event, or `GET /api/v1/circuits`. */
export type ListSource = 'stream' | 'fetch';

/**
 * The `snapshot` event or a full `GET /api/v1/circuits`: replaces the view wholesale. Only the client-side
 * failure-rate history of circuits that still exist is kept.
 */
export function applySnapshot(
  prev: FleetView | undefined,
  list: CircuitList,
  now: number,
  source: ListSource = 'stream',
): FleetView {
  const circuits = list.circuits.map((c) => ({ ...c, transitions: mergeTransitions(undefined, c.transitions) }));
  return {
    instance: list.instance,
    store: list.store,
    storeKind: list.storeKind,
    circuits,
    history: withHistory(prev?.history ?? {}, circuits, now),
    clockOffsetMs: prev?.clockOffsetMs ?? 0,
    receivedAt: now,
    streamAt: source === 'stream' ? now : null,
    movedSinceCounters: [],
  };
}

/** The `counters` event, sent every second. Without a prior snapshot it still builds a usable view. */
export function applyCounters(prev: FleetView | undefined, event: CountersEvent, now: number): FleetView {
  const known = new Map((prev?.circuits ?? []).map((c) => [c.name, c]));
  const moved = new Set(prev?.movedSinceCounters ?? []);
  const circuits = event.circuits.map((incoming) => {
    const old = known.get(incoming.name);
    if (!old) return { ...incoming, transitions: [] };
    const raced = moved.has(incoming.name) && incoming.generation < old.generation;
    return {
      ...incoming,
      ...(raced ? pickState(old) : {}),
      config: incoming.config ?? old.config,
      local: incoming.local ?? old.local,
      transitions: incoming.transitions ? mergeTransitions(undefined, incoming.transitions) : old.transitions,
    };
  });
  return {
    instance: event.instance,
    store: event.store,
    storeKind: prev?.storeKind ?? '',
    circuits,
    history: withHistory(prev?.history ?? {}, circuits, event.at),
    clockOffsetMs: event.at - now,
    receivedAt: now,
    streamAt: now,
    movedSinceCounters: [],
  };
}

/** The `transition` event: moves the circuit at once, ahead of the next counters event, but never backwards. */
export function applyTransition(prev: FleetView | undefined, event: TransitionEvent, now: number): FleetView | undefined {
  if (!prev) return prev;
  const { circuit: name, ...transition } = event;
  let moved = false;
  const circuits = prev.circuits.map((c) => {
    if (c.name !== name) return c;
    const transitions = mergeTransitions(c.transitions, [transition]);
    if (transition.generation < c.generation) return { ...c, transitions };
    moved = true;
    return {
      ...c,
      state: transition.to,
      generation: transition.generation,
      since: transition.at,
      changedBy: transition.by,
      reason: transition.reason,
      transitions,
    };
  });
  const movedSinceCounters =
    moved && !prev.movedSinceCounters.includes(name) ? [...prev.movedSinceCounters, name] : prev.movedSinceCounters;
  return { ...prev, circuits, receivedAt: now, streamAt: now, movedSinceCounters };
}

/**
 * A single-circuit answer (`GET /api/v1/circuits/{name}` or an admin action). It may come from another instance
 * than `view.instance`, so only fleet-wide fields are taken, and not if older than what the view holds.
 */
export function applyCircuit(prev: FleetView | undefined, circuit: Circuit, now: number): FleetView | undefined {
  if (!prev) return prev;
  const { local: _local, transitions: _transitions, ...fleetWide } = circuit;
  const old = prev.circuits.find((c) => c.name === circuit.name);
  if (!old) {
    return { ...prev, circuits: [...prev.circuits, { ...fleetWide, transitions: [] }], receivedAt: now };
  }
  if (circuit.generation < old.generation) return prev;
  const merged: Circuit = { ...old, ...fleetWide, config: circuit.config ?? old.config };
  return { ...prev, circuits: prev.circuits.map((c) => (c === old ? merged : c)), receivedAt: now };
}

/** The stream broke: the view stays as it is but no longer counts as live (a GET may replace it). */
export function markStreamLost(prev: FleetView | undefined): FleetView | undefined {
  return prev && prev.streamAt != null ? { ...prev, streamAt: null, movedSinceCounters: [] } : prev;
}

/** All circuits' transitions, newest first, for the fleet-wide timeline. */
export function recentTransitions(view: FleetView | undefined, limit: number): TransitionEvent[] {
  if (!view) return [];
  return view.circuits
    .flatMap((c) => (c.transitions ?? []).map((t) => ({ ...t, circuit: c.name })))
    .sort((a, b) => b.at - a.at)
    .slice(0, limit);
}
