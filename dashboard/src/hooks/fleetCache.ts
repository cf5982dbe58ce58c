// Pure reducers that fold the gateway's snapshot, counters and transition events into one cached view.
// Kept free of React so they can be unit tested directly.
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
}

function appendPoint(points: HistoryPoint[] | undefined, point: HistoryPoint): HistoryPoint[] {
  const next = [...(points ?? []), point];
  return next.length > HISTORY_LIMIT ? next.slice(next.length - HISTORY_LIMIT) : next;
}

function mergeTransitions(known: Transition[] | undefined, incoming: Transition[] | undefined): Transition[] {
  const byGeneration = new Map<number, Transition>();
  for (const t of [...(incoming ?? []), ...(known ?? [])]) {
    if (!byGeneration.has(t.generation)) byGeneration.set(t.generation, t);
  }
  return [...byGeneration.values()].sort((a, b) => b.generation - a.generation).slice(0, TRANSITION_LIMIT);
}

/**
 * Replaces circuits with fresh ones, keeping what the fresh object lacks (config and transitions are absent from
 * counters events) and never moving a circuit back to an older generation than already seen.
 */
function mergeCircuits(previous: Circuit[] | undefined, fresh: Circuit[]): Circuit[] {
  const known = new Map((previous ?? []).map((c) => [c.name, c]));
  return fresh.map((incoming) => {
    const old = known.get(incoming.name);
    if (!old) return { ...incoming, transitions: mergeTransitions(undefined, incoming.transitions) };
    const base = incoming.generation < old.generation ? { ...incoming, ...pickState(old) } : incoming;
    return {
      ...base,
      config: incoming.config ?? old.config,
      local: incoming.local ?? old.local,
      transitions: mergeTransitions(old.transitions, incoming.transitions),
    };
  });
}

function pickState(c: Circuit): Pick<Circuit, 'state' | 'generation' | 'since' | 'changedBy' | 'reason'> {
  return { state: c.state, generation: c.generation, since: c.since, changedBy: c.changedBy, reason: c.reason };
}

function withHistory(history: Record<string, HistoryPoint[]>, circuits: Circuit[], at: number) {
  const next: Record<string, HistoryPoint[]> = {};
  for (const c of circuits) {
    next[c.name] = appendPoint(history[c.name], { at, failureRate: c.window.failureRate, calls: c.window.calls });
  }
  return next;
}

/** The `snapshot` event, or a polled `GET /api/v1/circuits`. */
export function applySnapshot(prev: FleetView | undefined, list: CircuitList, now: number): FleetView {
  const circuits = mergeCircuits(prev?.circuits, list.circuits);
  return {
    instance: list.instance,
    store: list.store,
    storeKind: list.storeKind,
    circuits,
    history: withHistory(prev?.history ?? {}, circuits, now),
    clockOffsetMs: prev?.clockOffsetMs ?? 0,
    receivedAt: now,
  };
}

/** The `counters` event, sent every second. Without a prior snapshot it still builds a usable view. */
export function applyCounters(prev: FleetView | undefined, event: CountersEvent, now: number): FleetView {
  const circuits = mergeCircuits(prev?.circuits, event.circuits);
  return {
    instance: event.instance,
    store: event.store,
    storeKind: prev?.storeKind ?? '',
    circuits,
    history: withHistory(prev?.history ?? {}, circuits, event.at),
    clockOffsetMs: event.at - now,
    receivedAt: now,
  };
}

/** The `transition` event: moves the circuit at once, ahead of the next counters event. */
export function applyTransition(prev: FleetView | undefined, event: TransitionEvent, now: number): FleetView | undefined {
  if (!prev) return prev;
  const { circuit: name, ...transition } = event;
  const circuits = prev.circuits.map((c) => {
    if (c.name !== name) return c;
    const transitions = mergeTransitions(c.transitions, [transition]);
    if (transition.generation < c.generation) return { ...c, transitions };
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
  return { ...prev, circuits, receivedAt: now };
}

/** An admin action answers the circuit after the action; fold it in the same way. */
export function applyCircuit(prev: FleetView | undefined, circuit: Circuit, now: number): FleetView | undefined {
  if (!prev) return prev;
  const others = prev.circuits.filter((c) => c.name !== circuit.name);
  const merged = mergeCircuits(prev.circuits, [circuit])[0];
  const circuits = prev.circuits.some((c) => c.name === circuit.name)
    ? prev.circuits.map((c) => (c.name === circuit.name ? merged : c))
    : [...others, merged];
  return { ...prev, circuits, receivedAt: now };
}

/** All circuits' transitions, newest first, for the fleet-wide timeline. */
export function recentTransitions(view: FleetView | undefined, limit: number): TransitionEvent[] {
  if (!view) return [];
  return view.circuits
    .flatMap((c) => (c.transitions ?? []).map((t) => ({ ...t, circuit: c.name })))
    .sort((a, b) => b.at - a.at)
    .slice(0, limit);
}
