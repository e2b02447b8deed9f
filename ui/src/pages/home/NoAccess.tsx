import { Button, Card, Result } from 'antd';
import { useNavigate } from 'react-router-dom';
import { useHomeT } from './i18n.js';

function Refusal({ status, title, body, testId }: { status: '403' | '404'; title: string; body: string; testId: string }) {
  const h = useHomeT();
  const navigate = useNavigate();
  return (
    <Card>
      <Result
        status={status === '403' ? 'warning' : 'info'}
        title={<span data-testid={testId}>{title}</span>}
        subTitle={body}
        extra={
          <Button type="primary" onClick={() => navigate('/')}>
            {h.home}
          </Button>
        }
      />
    </Card>
  );
}

/** A console page this account's role may not open: said so at the address asked for, never a silent redirect. */
export function NoAccess() {
  const h = useHomeT();
  return <Refusal status="403" title={h.forbidden.title} body={h.forbidden.body} testId="no-access" />;
}

/** An address the console does not have. */
export function NotFound() {
  const h = useHomeT();
  return <Refusal status="404" title={h.notFound.title} body={h.notFound.body} testId="not-found" />;
}
