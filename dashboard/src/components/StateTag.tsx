import { Tag, theme } from 'antd';
import type { CircuitState } from '../api/types';
import { STRINGS } from '../constants/strings';

/** antd preset colours per state; `default` is antd's grey. */
export const STATE_COLORS: Record<CircuitState, string> = {
  CLOSED: 'green',
  HALF_OPEN: 'gold',
  OPEN: 'red',
  FORCED_OPEN: 'magenta',
  FORCED_CLOSED: 'cyan',
  DISABLED: 'default',
};

export function stateColor(state: string): string {
  return STATE_COLORS[state as CircuitState] ?? 'default';
}

interface StateTagProps {
  state: CircuitState;
  /** Adds data-testid="state-<circuit>" for tests and scripts. */
  circuit?: string;
}

export function StateTag({ state, circuit }: StateTagProps) {
  const color = stateColor(state);
  return (
    <Tag
      color={color}
      data-testid={circuit ? `state-${circuit}` : undefined}
      data-color={color}
      style={{ fontWeight: 600, marginInlineEnd: 0 }}
    >
      {STRINGS.states[state] ?? state}
    </Tag>
  );
}

/** A solid accent colour for a state (e.g. a card's top border), from antd's palette tokens. */
export function useStateAccent(state: CircuitState): string {
  const { token } = theme.useToken();
  const color = stateColor(state);
  if (color === 'default') return token.colorBorder;
  return (token as unknown as Record<string, string>)[`${color}6`] ?? token.colorBorder;
}
