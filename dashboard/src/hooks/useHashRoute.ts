// Routing by location hash: the gateway serves one static index.html at "/", so deep links must not need a server
// fallback. Routes: "#/" (circuits) and "#/circuits/<name>" (detail).
import { useEffect, useState } from 'react';

export type Route = { page: 'circuits' } | { page: 'circuit-detail'; name: string };

export function parseRoute(hash: string): Route {
  const match = /^#\/circuits\/([^/?#]+)/.exec(hash);
  return match ? { page: 'circuit-detail', name: decodeURIComponent(match[1]) } : { page: 'circuits' };
}

export const circuitHref = (name: string) => `#/circuits/${encodeURIComponent(name)}`;
export const HOME_HREF = '#/';

export function useHashRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
