import { Layout, theme } from 'antd';
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

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', height: 'auto', minHeight: 64, paddingBlock: 8 }}>
        <FleetHeader view={view} stream={stream} />
      </Layout.Header>
      <Layout.Content style={{ padding: token.paddingLG }}>
        {route.page === 'circuit-detail' ? <CircuitDetailPage name={route.name} /> : <CircuitsPage />}
      </Layout.Content>
    </Layout>
  );
}
