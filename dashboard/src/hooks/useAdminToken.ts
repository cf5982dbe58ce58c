// The admin token is typed once per browser tab and kept in sessionStorage (gone when the tab closes).
// useSyncExternalStore keeps every component that shows admin actions in step.
import { useSyncExternalStore } from 'react';

export const ADMIN_TOKEN_KEY = 'fleetbreaker.adminToken';

const listeners = new Set<() => void>();

function read(): string {
  try {
    return sessionStorage.getItem(ADMIN_TOKEN_KEY) ?? '';
  } catch {
    return '';
  }
}

export function setAdminToken(value: string): void {
  const trimmed = value.trim();
  try {
    if (trimmed) sessionStorage.setItem(ADMIN_TOKEN_KEY, trimmed);
    else sessionStorage.removeItem(ADMIN_TOKEN_KEY);
  } catch {
    // storage disabled: nothing is remembered
  }
  listeners.forEach((notify) => notify());
}

function subscribe(notify: () => void) {
  listeners.add(notify);
  return () => listeners.delete(notify);
}

export function useAdminToken(): string {
  return useSyncExternalStore(subscribe, read, () => '');
}
