import { Alert, Card, Col, Descriptions, Row, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useMe } from '../auth.js';
import { useAgencyNames, useSchoolNames, useUnitNames } from '../components.js';
import { useLang } from '../locale.js';
import { canSee, MODULES } from '../modules.js';
import { ReviewCountCard } from './filter/review-count.js';

export default function Overview() {
  const { t } = useLang();
  const me = useMe();
  const unitName = useUnitNames();
  const agencyName = useAgencyNames();
  const schoolName = useSchoolNames([me.schoolId]);
  const items = [
    { key: 'u', label: t.overview.username, children: me.username },
    { key: 'r', label: t.overview.role, children: <Tag color="blue">{t.roles[me.role]}</Tag> },
    ...(me.unitId ? [{ key: 'unit', label: t.units.unit, children: unitName(me.unitId) }] : []),
    ...(me.agencyId ? [{ key: 'agency', label: t.agencies.agency, children: agencyName(me.agencyId) }] : []),
    ...(me.schoolId ? [{ key: 'school', label: t.schools.school, children: schoolName(me.schoolId) }] : []),
    {
      key: '2fa',
      label: t.overview.twoFactor,
      children: me.totpEnabled ? <Tag color="green">{t.overview.on}</Tag> : <Tag>{t.overview.off}</Tag>,
    },
  ];
  return (
    <>
      <Card data-testid="overview">
        <Typography.Title level={2} style={{ marginTop: 0, fontSize: 22 }}>
          {t.overview.welcome(me.displayName)}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t.overview.intro}</Typography.Paragraph>
        <Descriptions column={{ xs: 1, sm: 2, lg: 3 }} items={items} />
        {me.totpEnabled ? null : <Alert type="warning" showIcon title={<Link to="/account">{t.overview.enable2faHint}</Link>} style={{ marginTop: 16 }} />}
      </Card>
      <ReviewCountCard />
      <Typography.Title level={3} style={{ fontSize: 18, marginTop: 24 }}>
        {t.overview.modules}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        {MODULES.filter((m) => canSee(m, me) && (!m.children || m.children.some((c) => canSee(c, me)))).map((m) => (
          <Col key={m.path} xs={24} sm={12} xl={8}>
            <Link to={m.children?.find((c) => canSee(c, me))?.path ?? m.path} className="module-card-link">
              <Card hoverable size="small">
                <span style={{ fontSize: 20, marginInlineEnd: 12, color: '#1464c8' }} aria-hidden>
                  {m.icon}
                </span>
                {m.label(t)}{' '}
                {m.children ? null : (
                  <Tag color="gold" style={{ marginInlineStart: 8 }}>
                    {t.comingSoon.title}
                  </Tag>
                )}
              </Card>
            </Link>
          </Col>
        ))}
      </Row>
    </>
  );
}
