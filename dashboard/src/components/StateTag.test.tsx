import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { CIRCUIT_STATES } from '../api/types';
import { STATE_COLORS, StateTag, stateColor } from './StateTag';

describe('StateTag', () => {
  it('maps every state to the operator colour convention', () => {
    expect(STATE_COLORS).toEqual({
      CLOSED: 'green',
      HALF_OPEN: 'gold',
      OPEN: 'red',
      FORCED_OPEN: 'magenta',
      FORCED_CLOSED: 'cyan',
      DISABLED: 'default',
    });
    expect(Object.keys(STATE_COLORS).sort()).toEqual([...CIRCUIT_STATES].sort());
  });

  it('falls back to grey for a state this dashboard does not know yet', () => {
    expect(stateColor('SOMETHING_NEW')).toBe('default');
  });

  it('renders the state with its test id and antd preset colour', () => {
    render(<StateTag state="OPEN" circuit="payment_gateway" />);
    const tag = screen.getByTestId('state-payment_gateway');
    expect(tag.textContent).toBe('OPEN');
    expect(tag.getAttribute('data-color')).toBe('red');
    expect(tag.className).toContain('ant-tag-red');
  });
});
