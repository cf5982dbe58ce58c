import { Alert, Card, Col, Empty, Row, Spin } from 'antd';
import { TransitionTimeline } from '../../components/TransitionTimeline';
import { STRINGS } from '../../constants/strings';
import { recentTransitions } from '../../hooks/fleetCache';
import { useFleetView } from '../../hooks/useFleetEvents';
import { useNow } from '../../hooks/useNow';
import { CircuitCard } from './components/CircuitCard';
import { InstancesPanel } from './components/InstancesPanel';

const RECENT_TRANSITIONS = 12;

export default function CircuitsPage() {
  const { data: view, error, isPending } = useFleetView();
  const now = useNow(500);

  if (isPending && !view) return <Spin size="large" style={{ display: 'block', marginTop: 96 }} />;
  if (!view) {
    return (
      <Alert type="error" showIcon title={STRINGS.loadFailed} description={`${(error as Error)?.message ?? ''} ${STRINGS.retrying}`} />
    );
  }

  const serverNow = now + view.clockOffsetMs;
  const circuits = [...view.circuits].sort((a, b) => a.name.localeCompare(b.name));

  return (
    <Row gutter={[16, 16]}>
      {error && (
        <Col span={24}>
          <Alert type="warning" showIcon title={STRINGS.loadFailed} description={(error as Error).message} />
        </Col>
      )}
      <Col xs={24} xl={17}>
        {circuits.length === 0 ? (
          <Empty description={STRINGS.noCircuits} />
        ) : (
          <Row gutter={[16, 16]}>
            {circuits.map((circuit) => (
              <Col key={circuit.name} xs={24} md={12} xxl={8}>
                <CircuitCard circuit={circuit} history={view.history[circuit.name] ?? []} serverNow={serverNow} />
              </Col>
            ))}
          </Row>
        )}
      </Col>
      <Col xs={24} xl={7}>
        <Row gutter={[16, 16]}>
          <Col span={24}>
            <InstancesPanel now={serverNow} servingInstance={view.instance} />
          </Col>
          <Col span={24}>
            <Card size="small" title={STRINGS.recentTransitionsTitle}>
              <TransitionTimeline transitions={recentTransitions(view, RECENT_TRANSITIONS)} showCircuit />
            </Card>
          </Col>
        </Row>
      </Col>
    </Row>
  );
}
