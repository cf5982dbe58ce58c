import { useQuery } from '@tanstack/react-query';
import { Alert, Breadcrumb, Card, Col, Descriptions, Flex, Result, Row, Spin, Statistic, Typography } from 'antd';
import { ApiError, getCircuit } from '../../api/fleet';
import { Sparkline } from '../../components/Sparkline';
import { StateTag } from '../../components/StateTag';
import { TransitionTimeline } from '../../components/TransitionTimeline';
import { STRINGS } from '../../constants/strings';
import { formatDuration, formatRate, formatTime } from '../../format';
import { useFleetView } from '../../hooks/useFleetEvents';
import { HOME_HREF } from '../../hooks/useHashRoute';
import { useNow } from '../../hooks/useNow';
import { AdminActions } from './components/AdminActions';
import { ConfigDescriptions } from './components/ConfigDescriptions';

const DETAIL_POLL_MS = 5000;

export default function CircuitDetailPage({ name }: { name: string }) {
  const { data: view } = useFleetView();
  const now = useNow(500);
  const live = view?.circuits.find((c) => c.name === name);

  // The live view (snapshot + events) holds config, this instance's counts and transitions. Only a circuit missing
  // from it is read on its own (to tell "unknown" from "just added"); that answer names no instance, so its `local`
  // counts are not shown.
  const detail = useQuery({
    queryKey: ['circuit', name],
    queryFn: ({ signal }) => getCircuit(name, signal),
    enabled: !live,
    refetchInterval: DETAIL_POLL_MS,
    retry: (count, error) => !(error instanceof ApiError && error.status === 404) && count < 1,
  });

  const circuit = live ?? detail.data;
  const breadcrumb = <Breadcrumb items={[{ title: <a href={HOME_HREF}>{STRINGS.back}</a> }, { title: name }]} />;

  if (!circuit) {
    if (detail.error instanceof ApiError && detail.error.status === 404) {
      return (
        <>
          {breadcrumb}
          <Result status="404" title={name} subTitle={STRINGS.unknownCircuit} />
        </>
      );
    }
    if (detail.error) return <Alert type="error" showIcon title={STRINGS.loadFailed} description={detail.error.message} />;
    return <Spin size="large" style={{ display: 'block', marginTop: 96 }} />;
  }

  const serverNow = now + (view?.clockOffsetMs ?? 0);
  const history = view?.history[name] ?? [];
  const { window: counts, config } = circuit;
  const local = live && view ? live.local : undefined;

  return (
    <Flex vertical gap={16}>
      {breadcrumb}
      <Card data-testid={`card-${name}`}>
        <Flex align="center" gap={12} wrap>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {name}
          </Typography.Title>
          <StateTag state={circuit.state} circuit={name} />
          <Typography.Text type="secondary">
            #{circuit.generation} · {STRINGS.since} {formatTime(circuit.since)}
            {circuit.changedBy && ` ${STRINGS.by} ${circuit.changedBy}`}
            {circuit.reason && ` · ${circuit.reason}`}
          </Typography.Text>
        </Flex>
        <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
          {STRINGS.upstream}: <Typography.Text code>{circuit.upstream}</Typography.Text>
        </Typography.Paragraph>
        <Row gutter={[24, 16]}>
          <Col xs={12} md={4}>
            <Statistic
              title={circuit.state === 'HALF_OPEN' ? STRINGS.probeSuccesses : STRINGS.failures}
              value={circuit.failuresOrSuccesses}
            />
          </Col>
          <Col xs={12} md={4}>
            <Statistic title={STRINGS.calls} value={counts.calls} />
          </Col>
          <Col xs={12} md={4}>
            <Statistic title={STRINGS.failureRate} value={formatRate(counts.failureRate)} />
          </Col>
          <Col xs={12} md={4}>
            <Statistic title={STRINGS.slowRate} value={formatRate(counts.slowRate)} />
          </Col>
          <Col xs={12} md={4}>
            <Statistic
              title={`${STRINGS.probes} (${STRINGS.probesInUse} · ${STRINGS.probeSuccessOf})`}
              value={`${circuit.probes.inUse}/${circuit.probes.permitted}`}
              suffix={`· ${circuit.probes.successes}/${circuit.probes.successThreshold}`}
            />
          </Col>
          <Col xs={12} md={4}>
            {circuit.state === 'OPEN' && circuit.openUntil != null ? (
              <Statistic title={STRINGS.halfOpenIn} value={formatDuration(circuit.openUntil - serverNow)} />
            ) : (
              <Statistic title={STRINGS.consecutiveOpens} value={circuit.consecutiveOpens} />
            )}
          </Col>
        </Row>
        <Typography.Text type="secondary" style={{ display: 'block', margin: '16px 0 4px' }}>
          {STRINGS.history}
        </Typography.Text>
        <Sparkline
          values={history.map((p) => p.failureRate)}
          threshold={config?.failureRateThreshold || null}
          height={64}
          width={600}
          label={`${STRINGS.history}: ${name}`}
        />
      </Card>

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Flex vertical gap={16}>
            <Card size="small" title={STRINGS.admin.title}>
              <AdminActions circuit={name} />
            </Card>
            {config && (
              <Card size="small" title={STRINGS.configTitle}>
                <ConfigDescriptions config={config} />
              </Card>
            )}
            {local && (
              <Card size="small" title={STRINGS.localTitle(view!.instance)}>
                <Descriptions
                  size="small"
                  column={{ xs: 2, md: 4 }}
                  items={(Object.keys(STRINGS.localCounts) as (keyof typeof STRINGS.localCounts)[]).map((key) => ({
                    key,
                    label: STRINGS.localCounts[key],
                    children: local[key],
                  }))}
                />
              </Card>
            )}
          </Flex>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title={STRINGS.transitionsTitle}>
            <TransitionTimeline transitions={circuit.transitions ?? []} />
          </Card>
        </Col>
      </Row>
    </Flex>
  );
}
