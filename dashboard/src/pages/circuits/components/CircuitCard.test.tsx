import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { CircuitConfig } from '../../../api/types';
import { circuit } from '../../../test/fixtures';
import { CircuitCard } from './CircuitCard';

const config = { failureThreshold: 3, failureRateThreshold: 50 } as CircuitConfig;

describe('CircuitCard', () => {
  it('shows an OPEN circuit with its failures, generation and half-open countdown', () => {
    const open = circuit({
      state: 'OPEN',
      generation: 7,
      failuresOrSuccesses: 3,
      since: 10_000,
      openUntil: 70_000,
      window: { calls: 3, failures: 3, slow: 0, failureRate: 100, slowRate: 0 },
      config,
    });

    render(<CircuitCard circuit={open} history={[]} serverNow={40_000} />);

    const card = screen.getByTestId('card-payment_gateway');
    expect(screen.getByTestId('state-payment_gateway').textContent).toBe('OPEN');
    expect(card.textContent).toContain('Failures in window');
    expect(card.textContent).toContain('/ 3');
    expect(card.textContent).toContain('#7');
    expect(screen.getByTestId('countdown-payment_gateway').textContent).toContain('30s');
  });

  it('shows probe permits and successes while HALF_OPEN', () => {
    const halfOpen = circuit({
      state: 'HALF_OPEN',
      failuresOrSuccesses: 1,
      probes: { inUse: 1, permitted: 2, successes: 1, successThreshold: 2 },
    });

    render(<CircuitCard circuit={halfOpen} history={[]} serverNow={0} />);

    const card = screen.getByTestId('card-payment_gateway');
    expect(card.textContent).toContain('Probe successes');
    expect(card.textContent).toContain('1/2 in use');
  });

  it('treats a threshold of 0 as off: no "/ 0" and no failure-rate threshold', () => {
    const off = { failureThreshold: 0, failureRateThreshold: 0 } as CircuitConfig;

    render(<CircuitCard circuit={circuit({ state: 'FORCED_OPEN', config: off })} history={[]} serverNow={0} />);

    const card = screen.getByTestId('card-payment_gateway');
    expect(card.textContent).not.toContain('/ 0');
    expect(card.textContent).not.toContain('threshold');
  });
});
