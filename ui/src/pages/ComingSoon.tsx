import { Button, Card, Result, Tag } from 'antd';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { PageTitle } from '../components.js';
import { useLang } from '../locale.js';

export default function ComingSoon({ title, icon }: { title: string; icon: ReactNode }) {
  const { t } = useLang();
  const navigate = useNavigate();
  return (
    <>
      <PageTitle>{title}</PageTitle>
      <Card>
        <Result
          icon={<span style={{ fontSize: 64, color: '#1464c8' }}>{icon}</span>}
          title={
            <Tag color="gold" style={{ fontSize: 16, padding: '4px 12px' }} data-testid="coming-soon">
              {t.comingSoon.title}
            </Tag>
          }
          subTitle={t.comingSoon.body(title)}
          extra={
            <Button type="primary" onClick={() => navigate('/')}>
              {t.comingSoon.back}
            </Button>
          }
        />
      </Card>
    </>
  );
}
