import { Card, Col, Flex, Progress, Row, Statistic, Typography, theme } from 'antd';
import { Fragment } from 'react';
import type { Circuit } from '../../../api/types';
import { Sparkline } from '../../../components/Sparkline';
import { StateTag, useStateAccent } from '../../../components/StateTag';
import { STRINGS } from '../../../constants/strings';
import { formatAgo, formatDuration, formatRate } from '../../../format';
import type { HistoryPoint } from '../../../hooks/fleetCache';
import { circuitHref } from '../../../hooks/useHashRoute';

interface CircuitCardProps {
  circuit: Circuit;
  history: HistoryPoint[];
  /** Browser time corrected by the server clock offset. */
  serverNow: number;
}

export function CircuitCard({ circuit, history, serverNow }: CircuitCardProps) {
  const { token } = theme.useToken();
  const { name, state, window: counts, config } = circuit;
  const halfOpen = state === 'HALF_OPEN';
  const threshold = enabledThreshold(config?.failureRateThreshold);
  const overThreshold = threshold != null && counts.failureRate >= threshold;
  const accent = useStateAccent(state);

  return (
    <Card
      data-testid={`card-${name}`}
      size="small"
      title={
        <Typography.Link href={circuitHref(name)} strong style={{ fontSize: token.fontSizeLG }}>
          {breakAfterUnderscores(name)}
        </Typography.Link>
      }
      extra={<StateTag state={state} circuit={name} />}
      style={{ borderTop: `3px solid ${accent}` }}
      // Long circuit names wrap instead of being cut off (a phone is ~390 px wide).
      styles={{
        body: { paddingTop: token.paddingSM },
        title: { whiteSpace: 'normal', overflowWrap: 'anywhere', paddingBlock: token.paddingXS },
      }}
    >
      <Row gutter={[12, 8]}>
        <Col span={8}>
          <Statistic
            title={halfOpen ? STRINGS.probeSuccesses : STRINGS.failures}
            value={circuit.failuresOrSuccesses}
            suffix={failureSuffix(circuit)}
          />
        </Col>
        <Col span={8}>
          <Statistic title={STRINGS.calls} value={counts.calls} />
        </Col>
        <Col span={8}>
          <Statistic title={STRINGS.generation} value={circuit.generation} prefix="#" />
        </Col>
      </Row>

      <StateDetail circuit={circuit} serverNow={serverNow} />

      <Flex vertical gap={4} style={{ marginTop: token.marginSM }}>
        <Flex justify="space-between">
          <Typography.Text type="secondary">{STRINGS.failureRate}</Typography.Text>
          <Typography.Text strong type={overThreshold ? 'danger' : undefined}>
            {formatRate(counts.failureRate)}
            {threshold != null && (
              <Typography.Text type="secondary">
                {' '}
                / {STRINGS.threshold} {formatRate(threshold)}
              </Typography.Text>
            )}
          </Typography.Text>
        </Flex>
        <Sparkline
          values={history.map((p) => p.failureRate)}
          threshold={threshold}
          label={`${STRINGS.history}: ${name}`}
        />
      </Flex>

      {/* Wraps rather than truncates: the reason is what an operator reads first, and a phone has no hover. */}
      <Typography.Paragraph type="secondary" style={{ margin: `${token.marginSM}px 0 0`, overflowWrap: 'anywhere' }}>
        {STRINGS.since} {formatAgo(circuit.since, serverNow)}
        {circuit.changedBy && ` ${STRINGS.by} ${circuit.changedBy}`}
        {circuit.reason && ` · ${circuit.reason}`}
      </Typography.Paragraph>
    </Card>
  );
}

/** `a_long_name` may wrap after each underscore rather than mid-word. */
function breakAfterUnderscores(name: string) {
  return name.split('_').map((part, i, parts) => (
    <Fragment key={i}>
      {part}
      {i < parts.length - 1 && (
        <>
          _<wbr />
        </>
      )}
    </Fragment>
  ));
}

/** A threshold of 0 (or none) is off in the gateway's config: show no "/ 0". */
function enabledThreshold(value: number | null | undefined): number | null {
  return value != null && value > 0 ? value : null;
}

function failureSuffix(circuit: Circuit): string | undefined {
  if (circuit.state === 'HALF_OPEN') return `/ ${circuit.probes.successThreshold}`;
  const threshold = enabledThreshold(circuit.config?.failureThreshold);
  return threshold != null ? `/ ${threshold}` : undefined;
}

/** The line that matters most in the current state: countdown, probes, or operator hold. */
function StateDetail({ circuit, serverNow }: { circuit: Circuit; serverNow: number }) {
  const { token } = theme.useToken();
  const style = { marginTop: token.marginSM, minHeight: 40 };

  switch (circuit.state) {
    case 'OPEN': {
      if (circuit.openUntil == null) return <div style={style} />;
      const remaining = circuit.openUntil - serverNow;
      const total = circuit.since != null ? circuit.openUntil - circuit.since : 0;
      const percent = total > 0 ? Math.min(100, Math.max(0, ((total - remaining) / total) * 100)) : 100;
      return (
        <Flex vertical style={style} data-testid={`countdown-${circuit.name}`}>
          <Flex justify="space-between">
            <Typography.Text type="secondary">
              {remaining > 0 ? STRINGS.halfOpenIn : STRINGS.halfOpenDue}
            </Typography.Text>
            <Typography.Text strong style={{ fontVariantNumeric: 'tabular-nums' }}>
              {formatDuration(remaining)}
            </Typography.Text>
          </Flex>
          <Progress percent={percent} showInfo={false} size="small" strokeColor={token.colorError} />
        </Flex>
      );
    }
    case 'HALF_OPEN': {
      const { inUse, permitted, successes, successThreshold } = circuit.probes;
      const remaining = circuit.halfOpenUntil != null ? circuit.halfOpenUntil - serverNow : null;
      return (
        <Flex vertical style={style}>
          <Flex justify="space-between">
            <Typography.Text type="secondary">{STRINGS.probes}</Typography.Text>
            <Typography.Text strong>
              {inUse}/{permitted} {STRINGS.probesInUse} · {successes}/{successThreshold} {STRINGS.probeSuccessOf}
            </Typography.Text>
          </Flex>
          <Progress
            percent={permitted > 0 ? (inUse / permitted) * 100 : 0}
            success={{ percent: successThreshold > 0 ? (successes / successThreshold) * 100 : 0 }}
            showInfo={false}
            size="small"
            strokeColor={token.colorWarning}
          />
          {remaining != null && (
            <Typography.Text type="secondary">
              {STRINGS.reopensIn} {formatDuration(remaining)}
            </Typography.Text>
          )}
        </Flex>
      );
    }
    case 'FORCED_OPEN':
    case 'FORCED_CLOSED':
      return (
        <Typography.Paragraph type="warning" style={style}>
          {STRINGS.heldByOperator}
        </Typography.Paragraph>
      );
    case 'DISABLED':
      return (
        <Typography.Paragraph type="secondary" style={style}>
          {STRINGS.notRecording}
        </Typography.Paragraph>
      );
    default:
      return (
        <Typography.Paragraph type="secondary" style={{ ...style, overflowWrap: 'anywhere' }}>
          {STRINGS.upstream}: {circuit.upstream}
        </Typography.Paragraph>
      );
  }
}
