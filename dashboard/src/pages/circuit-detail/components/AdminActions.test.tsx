import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { App } from 'antd';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ADMIN_TOKEN_KEY, setAdminToken } from '../../../hooks/useAdminToken';
import { circuit } from '../../../test/fixtures';
import { AdminActions } from './AdminActions';

function renderActions() {
  const client = new QueryClient({ defaultOptions: { mutations: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <App>
        <AdminActions circuit="payment_gateway" />
      </App>
    </QueryClientProvider>,
  );
}

async function forceOpen() {
  fireEvent.click(screen.getByTestId('admin-force-open'));
  fireEvent.click(await screen.findByRole('button', { name: 'OK' }));
}

function answer(status: number, body: unknown) {
  return vi.fn().mockResolvedValue(
    new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } }),
  );
}

describe('AdminActions', () => {
  beforeEach(() => act(() => setAdminToken('s3cret')));
  afterEach(() => {
    act(() => setAdminToken(''));
    vi.unstubAllGlobals();
  });

  it('sends the typed token as a bearer token and reports the new state', async () => {
    const fetchMock = answer(200, circuit({ state: 'FORCED_OPEN', generation: 2 }));
    vi.stubGlobal('fetch', fetchMock);
    renderActions();

    await forceOpen();

    expect(await screen.findByText(/is now FORCED_OPEN/)).toBeTruthy();
    const [url, init] = fetchMock.mock.calls[0];
    expect(url).toBe('/api/v1/circuits/payment_gateway/force-open');
    expect(init.method).toBe('POST');
    expect(init.headers.Authorization).toBe('Bearer s3cret');
  });

  it('on 401 says the token was rejected and forgets it', async () => {
    vi.stubGlobal('fetch', answer(401, { error: 'unauthorized' }));
    renderActions();

    await forceOpen();

    expect(await screen.findByText(/Admin token rejected \(401\)/)).toBeTruthy();
    await waitFor(() => expect(sessionStorage.getItem(ADMIN_TOKEN_KEY)).toBeNull());
    expect(screen.getByLabelText('Admin token')).toBeTruthy();
  });

  it('on 403 explains that admin is disabled on the gateway and keeps the token', async () => {
    vi.stubGlobal('fetch', answer(403, { error: 'admin_disabled' }));
    renderActions();

    await forceOpen();

    expect(await screen.findByText(/disabled on this gateway \(403\)/)).toBeTruthy();
    expect(sessionStorage.getItem(ADMIN_TOKEN_KEY)).toBe('s3cret');
  });
});
