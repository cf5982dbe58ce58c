import { Descriptions } from 'antd';
import type { CircuitConfig } from '../../../api/types';

/** Every config field as the gateway reports it (after defaults), in the order of docs/http-api.md. */
export function ConfigDescriptions({ config }: { config: CircuitConfig }) {
  return (
    <Descriptions
      size="small"
      column={{ xs: 1, sm: 2, lg: 3 }}
      items={Object.entries(config).map(([key, value]) => ({
        key,
        label: key,
        children: value == null ? '–' : Array.isArray(value) ? value.join(', ') : String(value),
      }))}
    />
  );
}
