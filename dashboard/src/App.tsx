import { Grid, Layout, theme } from 'antd';
import { FleetHeader } from './components/FleetHeader';
import { useFleetEvents, useFleetView } from './hooks/useFleetEvents';
import { useHashRoute } from './hooks/useHashRoute';
import CircuitDetailPage from './pages/circuit-detail';
import CircuitsPage from './pages/circuits';

export default function App() {
  const stream = useFleetEvents();
  const { data: view } = useFleetView();
  const route = useHashRoute();
  const { token } = theme.useToken();
  // A phone (~390 px) cannot spare antd's 50 px header and 24 px content padding on each side.
  const wide = Grid.useBreakpoint().md ?? true;
  const padding = wide ? token.paddingLG : token.paddingSM;

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header
        style={{ display: 'flex', alignItems: 'center', height: 'auto', minHeight: 64, paddingBlock: 8, paddingInline: padding, lineHeight: 'normal' }}
      >
        <FleetHeader view={view} stream={stream} />
      </Layout.Header>
      <Layout.Content style={{ padding }}>
        {route.page === 'circuit-detail' ? <CircuitDetailPage name={route.name} /> : <CircuitsPage />}
      </Layout.Content>
    </Layout>
  );
}
