// Small display formatters shared by pages.

export function formatRate(percent: number | null | undefined): string {
  if (percent == null || Number.isNaN(percent)) return '–';
  return `${percent.toFixed(percent >= 10 || percent === 0 ? 0 : 1)}%`;
}

/** 3500 → "3.5s", 65000 → "1m 05s"; negative values read as 0. */
export function formatDuration(ms: number): string {
  const clamped = Math.max(0, ms);
  if (clamped < 10_000) return `${(clamped / 1000).toFixed(1)}s`;
  const seconds = Math.ceil(clamped / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes}m ${String(seconds % 60).padStart(2, '0')}s`;
}

export function formatTime(epochMs: number | null | undefined): string {
  if (epochMs == null) return '–';
  return new Date(epochMs).toLocaleTimeString(undefined, { hour12: false });
}

export function formatAgo(epochMs: number | null | undefined, now: number): string {
  if (epochMs == null) return '–';
  const seconds = Math.max(0, Math.round((now - epochMs) / 1000));
  if (seconds < 60) return `${seconds}s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ago`;
  return `${Math.floor(seconds / 3600)}h ago`;
}
