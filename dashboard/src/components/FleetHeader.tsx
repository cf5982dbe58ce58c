import { Badge, Flex, Tag, Tooltip, Typography, theme } from 'antd';
import { STRINGS } from '../constants/strings';
import type { FleetView } from '../hooks/fleetCache';
import type { StreamStatus } from '../hooks/useFleetEvents';
import { HOME_HREF } from '../hooks/useHashRoute';

const STREAM_BADGE = { live: 'processing', polling: 'warning', connecting: 'default' } as const;

interface FleetHeaderProps {
  view: FleetView | undefined;
  stream: StreamStatus;
}

export function FleetHeader({ view, stream }: FleetHeaderProps) {
  const { token } = theme.useToken();
  return (
    <Flex align="center" justify="space-between" wrap gap={12} style={{ width: '100%' }}>
      <Typography.Link href={HOME_HREF} style={{ color: token.colorTextLightSolid, fontSize: 20, fontWeight: 600 }}>
        {STRINGS.appTitle}
      </Typography.Link>
      <Flex align="center" gap={16} wrap>
        {view && (
          <>
            <Tooltip title={STRINGS.instanceHelp}>
              <span style={{ color: token.colorTextLightSolid }}>
                {STRINGS.instance} <Tag data-testid="instance-id">{view.instance}</Tag>
              </span>
            </Tooltip>
            <Tooltip title={`${STRINGS.store}: ${view.storeKind || '?'}`}>
              <Tag data-testid="store-health" color={view.store === 'ok' ? 'success' : 'warning'}>
                {STRINGS.storeHealth[view.store] ?? view.store}
              </Tag>
            </Tooltip>
          </>
        )}
        <Badge
          status={STREAM_BADGE[stream]}
          text={<span style={{ color: token.colorTextLightSolid }}>{STRINGS.stream[stream]}</span>}
        />
      </Flex>
    </Flex>
  );
}
