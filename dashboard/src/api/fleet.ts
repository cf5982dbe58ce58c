// The one typed client for the gateway's JSON API. It never shows UI: callers decide how to report errors.
import type { AdminAction, Circuit, CircuitList, ErrorBody, InstanceList } from './types';

export const API = {
  circuits: '/api/v1/circuits',
  circuit: (name: string) => `/api/v1/circuits/${encodeURIComponent(name)}`,
  admin: (name: string, action: AdminAction) => `/api/v1/circuits/${encodeURIComponent(name)}/${action}`,
  instances: '/api/v1/instances',
  events: '/api/v1/events',
} as const;

/** A non-2xx answer from the gateway, with its `error` code when the body was the documented JSON. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

async function parseError(response: Response): Promise<ApiError> {
  let body: Partial<ErrorBody> = {};
  try {
    body = (await response.json()) as ErrorBody;
  } catch {
    // not JSON (e.g. an intermediary's HTML page): keep the status line
  }
  const code = typeof body.error === 'string' ? body.error : `http_${response.status}`;
  const message = typeof body.message === 'string' ? body.message : response.statusText || code;
  return new ApiError(response.status, code, message);
}

async function read<T>(response: Response): Promise<T> {
  if (!response.ok) throw await parseError(response);
  return (await response.json()) as T;
}

async function request<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, {
    ...init,
    headers: { Accept: 'application/json', ...init?.headers },
  });
  return read<T>(response);
}

declare global {
  interface Window {
    /** `GET /api/v1/circuits`, started by an inline script in index.html while the bundle is still loading. */
    __fleetbreakerCircuits?: Promise<Response>;
  }
}

/** The early `GET /api/v1/circuits` from index.html, if any; only its first caller gets it. */
function takeEarlyCircuits(): Promise<Response> | undefined {
  if (typeof window === 'undefined') return undefined;
  const early = window.__fleetbreakerCircuits;
  window.__fleetbreakerCircuits = undefined;
  return early;
}

export async function listCircuits(signal?: AbortSignal): Promise<CircuitList> {
  const early = takeEarlyCircuits();
  if (early) {
    const response = await early.catch(() => undefined);
    // A network failure of the early request is retried once here; an HTTP error is reported as it is.
    if (response) return read<CircuitList>(response);
  }
  return request<CircuitList>(API.circuits, { signal });
}

export function getCircuit(name: string, signal?: AbortSignal): Promise<Circuit> {
  return request<Circuit>(API.circuit(name), { signal });
}

export function listInstances(signal?: AbortSignal): Promise<InstanceList> {
  return request<InstanceList>(API.instances, { signal });
}

export function runAdminAction(name: string, action: AdminAction, token: string, reason?: string): Promise<Circuit> {
  return request<Circuit>(API.admin(name, action), {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(reason ? { reason } : {}),
  });
}
