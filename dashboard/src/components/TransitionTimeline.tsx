import { Empty, Flex, Timeline, Typography } from 'antd';
import type { Transition, TransitionEvent } from '../api/types';
import { STRINGS } from '../constants/strings';
import { formatTime } from '../format';
import { circuitHref } from '../hooks/useHashRoute';
import { StateTag, stateColor } from './StateTag';

interface TransitionTimelineProps {
  transitions: (Transition | TransitionEvent)[];
  /** Show the circuit name on each item (fleet-wide list). */
  showCircuit?: boolean;
}

const TIMELINE_COLORS: Record<string, string> = { default: 'gray', gold: 'orange', magenta: 'red' };

export function TransitionTimeline({ transitions, showCircuit = false }: TransitionTimelineProps) {
  if (transitions.length === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={STRINGS.noTransitions} />;
  }
  return (
    <Timeline
      items={transitions.map((t) => {
        const circuit = 'circuit' in t ? t.circuit : undefined;
        const color = stateColor(t.to);
        return {
          key: `${circuit ?? ''}-${t.generation}`,
          color: TIMELINE_COLORS[color] ?? color,
          content: (
            <Flex vertical gap={2}>
              <Flex gap={6} align="center" wrap>
                <Typography.Text type="secondary" style={{ fontVariantNumeric: 'tabular-nums' }}>
                  {formatTime(t.at)}
                </Typography.Text>
                {showCircuit && circuit && <Typography.Link href={circuitHref(circuit)}>{circuit}</Typography.Link>}
                <StateTag state={t.from} />
                <span aria-hidden>→</span>
                <StateTag state={t.to} />
                <Typography.Text type="secondary">
                  #{t.generation} {STRINGS.by} {t.by}
                </Typography.Text>
              </Flex>
              {t.reason && <Typography.Text type="secondary">{t.reason}</Typography.Text>}
            </Flex>
          ),
        };
      })}
    />
  );
}
