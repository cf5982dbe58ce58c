import { useQuery } from '@tanstack/react-query';
import { Alert, Badge, Card, List, Tag, Typography } from 'antd';
import { listInstances } from '../../../api/fleet';
import { STRINGS } from '../../../constants/strings';
import { formatAgo, formatTime } from '../../../format';

export const INSTANCES_QUERY_KEY = ['instances'] as const;
const INSTANCES_POLL_MS = 5000;

interface InstancesPanelProps {
  now: number;
  /**
   * The instance that served the rest of the page (the stream's, from the same events as the circuits). The list's own
   * `self` flag is not used: behind a load balancer this GET may be answered by another instance.
   */
  servingInstance: string | undefined;
}

export function InstancesPanel({ now, servingInstance }: InstancesPanelProps) {
  const { data, error } = useQuery({
    queryKey: INSTANCES_QUERY_KEY,
    queryFn: ({ signal }) => listInstances(signal),
    refetchInterval: INSTANCES_POLL_MS,
  });
  const instances = [...(data?.instances ?? [])].sort((a, b) => a.id.localeCompare(b.id));

  return (
    <Card size="small" title={`${STRINGS.instancesTitle} (${instances.length})`} data-testid="instances">
      {error && !data && <Alert type="warning" showIcon title={(error as Error).message} />}
      <List
        size="small"
        dataSource={instances}
        renderItem={(instance) => (
          <List.Item key={instance.id} data-testid={`instance-${instance.id}`}>
            <List.Item.Meta
              title={
                <span>
                  <Badge status={instance.store === 'ok' ? 'success' : 'warning'} />{' '}
                  <Typography.Text strong>{instance.id}</Typography.Text>{' '}
                  {instance.id === servingInstance && (
                    <Tag color="blue" data-testid="serving-instance">
                      {STRINGS.self}
                    </Tag>
                  )}
                </span>
              }
              description={`${STRINGS.startedAt} ${formatTime(instance.startedAt)} · ${STRINGS.lastSeen} ${formatAgo(instance.lastSeen, now)} · ${STRINGS.storeHealth[instance.store]}`}
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
