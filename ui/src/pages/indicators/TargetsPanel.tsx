import { Alert, Card, Col, Row, Spin, Typography } from 'antd';
import type { ReactNode } from 'react';
import { api } from '../../api.js';
import { useLoad } from '../../hooks.js';
import { Gauge } from './Gauge.js';
import { useIndicatorsT } from './i18n.js';
import { lastDay, type Period, periodOf, useFormat, vnDay } from './shared.js';
import type { Indicator, IndicatorsView } from './types.js';

/**
 * One target: its gauge against the 100 % line, the value and "n of d" written out, or "no data yet".
 * `footer` (the definition) sits inside the card, so three cards side by side stay one even row.
 */
export function TargetCard({ i, footer }: { i: Indicator; footer?: ReactNode }) {
  const x = useIndicatorsT();
  const f = useFormat();
  const ok = i.status === 'ok' && i.value !== null;
  return (
    <Card size="small" title={<span style={{ whiteSpace: 'normal' }}>{i.label}</span>} data-testid={`target-${i.code}`} style={{ height: '100%' }}>
      {ok ? <Gauge value={i.value} label={`${i.label}: ${f.value(i)}`} testId={`gauge-${i.code}`} /> : null}
      <Typography.Title level={3} style={{ margin: 0, textAlign: 'center' }} data-testid={`target-value-${i.code}`}>
        {f.value(i)}
      </Typography.Title>
      {ok && i.numerator !== null && i.denominator !== null ? (
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center', margin: 0 }}>
          {x.ofTotal(f.nf(i.numerator), f.nf(i.denominator))} · {x.targetLine}
        </Typography.Paragraph>
      ) : null}
      {i.code === 'programme_coverage' ? (
        // the rule with the city's N, as on the programmes coverage page, so the two numbers can be compared
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center', margin: 0, fontSize: 12 }} data-testid="coverage-rule">
          {i.definition.numerator}
        </Typography.Paragraph>
      ) : null}
      {footer}
    </Card>
  );
}

/**
 * The city's three targets (programme coverage, victims supported, violators handled) for a
 * period — by default this year so far. The console's home page shows it first to a city leader.
 */
export function TargetsPanel({ period }: { period?: Period }) {
  const x = useIndicatorsT();
  const p = period ?? periodOf({ kind: 'ytd', year: new Date().getFullYear(), index: 1 });
  const view = useLoad(() => api.get<IndicatorsView>('/indicators', { from: p.from, to: p.to }), [p.from, p.to]);
  if (view.error) return <Alert type="warning" showIcon title={x.noData} />;
  if (!view.data) return <Spin />;
  const targets = view.data.indicators.filter((i) => i.group === 'target');
  return (
    <section aria-label={x.targetsTitle} data-testid="targets-panel">
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {x.periodText(vnDay(p.from), lastDay(p.to))}
      </Typography.Paragraph>
      <Row gutter={[12, 12]}>
        {targets.map((i) => (
          <Col key={i.code} xs={24} md={8}>
            <TargetCard i={i} />
          </Col>
        ))}
      </Row>
    </section>
  );
}
