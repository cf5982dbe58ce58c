// A dependency-free inline SVG line for the client-side failure-rate history.
import { theme } from 'antd';

interface SparklineProps {
  /** Values in 0..max, oldest first. */
  values: number[];
  max?: number;
  /** Drawn as a dashed line, e.g. the trip threshold. */
  threshold?: number | null;
  width?: number;
  height?: number;
  color?: string;
  label: string;
}

export function Sparkline({ values, max = 100, threshold, width = 240, height = 36, color, label }: SparklineProps) {
  const { token } = theme.useToken();
  const stroke = color ?? token.colorError;
  const y = (v: number) => height - 2 - (Math.min(Math.max(v, 0), max) / max) * (height - 4);
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  const points = values.map((v, i) => `${(i * step).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  return (
    <svg
      role="img"
      aria-label={label}
      width="100%"
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      preserveAspectRatio="none"
      style={{ display: 'block', background: token.colorFillQuaternary, borderRadius: token.borderRadiusSM }}
    >
      {threshold != null && (
        <line
          x1={0}
          x2={width}
          y1={y(threshold)}
          y2={y(threshold)}
          stroke={token.colorWarning}
          strokeDasharray="4 3"
          strokeWidth={1}
          vectorEffect="non-scaling-stroke"
        />
      )}
      {values.length > 1 && (
        <polyline points={points} fill="none" stroke={stroke} strokeWidth={1.5} vectorEffect="non-scaling-stroke" />
      )}
      {values.length === 1 && <circle cx={width / 2} cy={y(values[0])} r={2} fill={stroke} />}
    </svg>
  );
}
