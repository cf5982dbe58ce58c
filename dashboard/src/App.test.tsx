import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, render, screen, waitFor, within } from '@testing-library/react';
import { App as AntApp } from 'antd';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import App from './App';
import type { CircuitList, InstanceList } from './api/types';
import { STRINGS } from './constants/strings';
import { POLL_INTERVAL_MS, STREAM_RETRY_MS } from './hooks/useFleetEvents';
import { FakeEventSource } from './test/fakeEventSource';
import { circuit, list } from './test/fixtures';

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

const instances = (selfId: string): InstanceList => ({
  instances: ['gw-1', 'gw-2', 'gw-3'].map((id) => ({ id, startedAt: 0, lastSeen: 0, store: 'ok', self: id === selfId })),
});

/** Answers GET /api/v1/circuits with `circuits()` (called per request) and GET /api/v1/instances with `instanceList`. */
function gateway(circuits: () => Promise<Response> | Response, instanceList = instances('gw-1')) {
  const fetchMock = vi.fn((input: RequestInfo | URL) => {
    const url = String(input);
    if (url.endsWith('/api/v1/circuits')) return Promise.resolve(circuits());
    if (url.endsWith('/api/v1/instances')) return Promise.resolve(json(instanceList));
    return Promise.resolve(json({ error: 'not_found' }, 404));
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

const circuitsCalls = (fetchMock: ReturnType<typeof gateway>) =>
  fetchMock.mock.calls.filter(([url]) => String(url).endsWith('/api/v1/circuits')).length;

function renderApp() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } } });
  return render(
    <QueryClientProvider client={client}>
      <AntApp>
        <App />
      </AntApp>
    </QueryClientProvider>,
  );
}

const fleet = (instance: string, ...circuits: CircuitList['circuits']): CircuitList => ({ ...list(circuits), instance });
const stateTag = () => screen.getByTestId('state-payment_gateway');
const card = () => screen.getByTestId('card-payment_gateway');

describe('App against a gateway (fetch and EventSource faked)', () => {
  beforeEach(() => {
    FakeEventSource.reset();
    vi.stubGlobal('EventSource', FakeEventSource);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
    window.__fleetbreakerCircuits = undefined;
  });

  it('first paint: renders the circuits from GET /api/v1/circuits while the stream has delivered nothing', async () => {
    const fetchMock = gateway(() => json(fleet('gw-2', circuit({ state: 'OPEN', generation: 4 }))));

    renderApp();

    await waitFor(() => expect(stateTag().textContent).toBe('OPEN'));
    expect(card().textContent).toContain('#4');
    expect(screen.getByTestId('instance-id').textContent).toBe('gw-2');
    expect(screen.getByText(STRINGS.stream.connecting)).toBeTruthy();
    expect(FakeEventSource.instances).toHaveLength(1);
    expect(circuitsCalls(fetchMock)).toBe(1);
  });

  it('first paint: takes the GET that index.html started before the bundle ran instead of asking again', async () => {
    const fetchMock = gateway(() => json(fleet('gw-1', circuit({ state: 'CLOSED', generation: 1 }))));
    window.__fleetbreakerCircuits = Promise.resolve(json(fleet('gw-3', circuit({ state: 'HALF_OPEN', generation: 6 }))));

    renderApp();

    await waitFor(() => expect(stateTag().textContent).toBe('HALF_OPEN'));
    expect(screen.getByTestId('instance-id').textContent).toBe('gw-3');
    expect(circuitsCalls(fetchMock)).toBe(0);
  });

  it('behind a load balancer, the header and the instances panel both name the stream\'s instance', async () => {
    // GET /api/v1/circuits and GET /api/v1/instances are answered by gw-2; the stream by gw-1.
    let answerGet: (r: Response) => void = () => {};
    gateway(() => new Promise<Response>((resolve) => (answerGet = resolve)), instances('gw-2'));

    renderApp();
    act(() => FakeEventSource.latest.emit('snapshot', fleet('gw-1', circuit({ state: 'OPEN', generation: 2 }))));
    // The slower GET arrives after the stream's snapshot and must not replace it.
    await act(async () => answerGet(json(fleet('gw-2', circuit({ state: 'CLOSED', generation: 1 })))));

    await waitFor(() => expect(within(screen.getByTestId('instance-gw-1')).queryByTestId('serving-instance')).toBeTruthy());
    expect(within(screen.getByTestId('instance-gw-2')).queryByTestId('serving-instance')).toBeNull();
    expect(screen.getAllByTestId('serving-instance')).toHaveLength(1);
    expect(screen.getByTestId('instance-id').textContent).toBe('gw-1');
    expect(stateTag().textContent).toBe('OPEN');
  });

  it('a tab left open across a fleet restart shows the new run once the reconnect snapshot arrives', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let restarting = false;
    gateway(() =>
      restarting
        ? json({ error: 'internal_error', message: 'starting' }, 503)
        : json(fleet('gw-1', circuit({ generation: 13 }))),
    );

    renderApp();
    act(() => FakeEventSource.latest.emit('snapshot', fleet('gw-1', circuit({ state: 'CLOSED', generation: 13 }))));
    await waitFor(() => expect(card().textContent).toContain('#13'));

    // The fleet goes down: the stream breaks and polls fail; then the new run answers the reconnect with gen 9.
    restarting = true;
    act(() => FakeEventSource.latest.fail());
    await act(async () => vi.advanceTimersByTime(STREAM_RETRY_MS));
    expect(FakeEventSource.instances).toHaveLength(2);
    act(() => FakeEventSource.latest.emit('snapshot', fleet('gw-3', circuit({ state: 'OPEN', generation: 9 }))));

    await waitFor(() => expect(stateTag().textContent).toBe('OPEN'));
    expect(card().textContent).toContain('#9');
    expect(card().textContent).not.toContain('#13');
    expect(screen.getByTestId('instance-id').textContent).toBe('gw-3');
  });

  it('while the stream is down, a polled GET /api/v1/circuits replaces the state even with a lower generation', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let answer = fleet('gw-1', circuit({ generation: 13 }));
    gateway(() => json(answer));

    renderApp();
    act(() => FakeEventSource.latest.emit('snapshot', answer));
    await waitFor(() => expect(card().textContent).toContain('#13'));

    answer = fleet('gw-2', circuit({ state: 'OPEN', generation: 9 }));
    act(() => FakeEventSource.latest.fail());
    await act(async () => vi.advanceTimersByTime(POLL_INTERVAL_MS + 100));

    await waitFor(() => expect(stateTag().textContent).toBe('OPEN'));
    expect(card().textContent).toContain('#9');
    expect(screen.getByTestId('instance-id').textContent).toBe('gw-2');
  });
});
