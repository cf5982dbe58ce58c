// Keeps the react-query fleet cache live. On load GET /api/v1/circuits is read at once (index.html even starts it before
// the bundle runs) so the page renders without waiting for the stream; then an EventSource on /api/v1/events takes
// over: its snapshot replaces the view and counters and transition events are folded in. While the stream is live no
// GET touches the view, so everything on the page comes from the stream's instance. When the stream errors, or goes
// quiet although counters arrive every second, the view is refreshed by polling GET /api/v1/circuits every 2 s while
// the stream is retried in the background.
import { useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { API, getCircuit, listCircuits } from '../api/fleet';
import type { CountersEvent, CircuitList, TransitionEvent } from '../api/types';
import {
  FLEET_QUERY_KEY,
  applyCircuit,
  applyCounters,
  applySnapshot,
  applyTransition,
  markStreamLost,
  type FleetView,
} from './fleetCache';

export type StreamStatus = 'connecting' | 'live' | 'polling';

export const POLL_INTERVAL_MS = 2000;
export const STREAM_RETRY_MS = 5000;
/** Counters arrive every second; this much silence means the stream is stuck (e.g. a buffering proxy). */
export const STREAM_STALL_MS = 5000;

export function fetchFleet(queryClient: QueryClient) {
  const cached = () => queryClient.getQueryData<FleetView>(FLEET_QUERY_KEY);
  return async ({ signal }: { signal: AbortSignal }): Promise<FleetView> => {
    const live = cached();
    // A live stream is the one source: a GET behind a load balancer may be answered by another instance.
    if (live?.streamAt != null) return live;
    const startedAt = Date.now();
    const list = await listCircuits(signal);
    const prev = cached();
    // The stream delivered while this GET was in flight: keep the stream's (newer) view.
    if (prev?.streamAt != null && prev.streamAt >= startedAt) return prev;
    return applySnapshot(prev, list, Date.now(), 'fetch');
  };
}

/** Read the live fleet view. Mount `useFleetEvents` once, higher up, to keep it fresh. */
export function useFleetView() {
  const queryClient = useQueryClient();
  return useQuery({ queryKey: FLEET_QUERY_KEY, queryFn: fetchFleet(queryClient), staleTime: POLL_INTERVAL_MS });
}

export function useFleetEvents(): StreamStatus {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<StreamStatus>('connecting');

  useQuery({
    queryKey: FLEET_QUERY_KEY,
    queryFn: fetchFleet(queryClient),
    refetchInterval: status === 'live' ? false : POLL_INTERVAL_MS,
    refetchIntervalInBackground: true,
  });

  useEffect(() => {
    let source: EventSource | undefined;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let stallTimer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;

    const update = (fold: (prev: FleetView | undefined) => FleetView | undefined) =>
      queryClient.setQueryData<FleetView>(FLEET_QUERY_KEY, fold);

    const fallBack = () => {
      source?.close();
      source = undefined;
      clearTimeout(stallTimer);
      if (stopped) return;
      update(markStreamLost);
      setStatus('polling');
      clearTimeout(retryTimer);
      retryTimer = setTimeout(connect, STREAM_RETRY_MS);
    };

    const alive = () => {
      setStatus('live');
      clearTimeout(stallTimer);
      stallTimer = setTimeout(fallBack, STREAM_STALL_MS);
    };

    const on = <T>(type: string, handle: (data: T) => void) =>
      source?.addEventListener(type, (event) => {
        try {
          handle(JSON.parse((event as MessageEvent<string>).data) as T);
          alive();
        } catch {
          // a malformed event is skipped; the next counters event repairs the view
        }
      });

    function connect() {
      if (stopped || typeof EventSource === 'undefined') return;
      source = new EventSource(API.events);
      on<CircuitList>('snapshot', (list) => update((prev) => applySnapshot(prev, list, Date.now())));
      on<CountersEvent>('counters', (event) => update((prev) => applyCounters(prev, event, Date.now())));
      on<TransitionEvent>('transition', (event) => {
        update((prev) => applyTransition(prev, event, Date.now()));
        // The event has no deadlines (openUntil, halfOpenUntil): fetch them now rather than at the next counters tick.
        getCircuit(event.circuit)
          .then((circuit) => update((prev) => applyCircuit(prev, circuit, Date.now())))
          .catch(() => undefined);
      });
      source.onerror = fallBack;
    }

    if (typeof EventSource === 'undefined') setStatus('polling');
    connect();
    return () => {
      stopped = true;
      clearTimeout(retryTimer);
      clearTimeout(stallTimer);
      source?.close();
    };
  }, [queryClient]);

  return status;
}
