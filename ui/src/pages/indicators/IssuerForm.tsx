import { Alert, App, Button, Card, Form, Input } from 'antd';
import { useEffect, useState } from 'react';
import { api, errorMessage } from '../../api.js';
import { LoadError } from '../../components.js';
import { useLoad } from '../../hooks.js';
import { useIndicatorsT } from './i18n.js';
import { Muted } from './shared.js';
import type { ReportIssuer } from './types.js';

type Fields = Omit<ReportIssuer, 'updatedAt'>;
/** Each field is one line of the report's header or signature block; the limits are the server's. */
const FIELDS: Array<[keyof Fields, number, boolean]> = [
  ['agencyParent', 200, true],
  ['agencyName', 200, true],
  ['symbol', 40, true],
  ['signerAuthority', 100, false],
  ['signerPost', 100, true],
  ['signerName', 100, true],
];

/** Who issues and signs the city's reports: the agency lines, the document symbol and the signature block. */
export function IssuerForm() {
  const x = useIndicatorsT();
  const { message } = App.useApp();
  const current = useLoad(() => api.get<ReportIssuer>('/indicators/report-issuer'), []);
  const [form] = Form.useForm<Fields>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (current.data) form.setFieldsValue(current.data);
  }, [current.data, form]);

  async function save(v: Fields) {
    setBusy(true);
    setError(null);
    try {
      await api.put<ReportIssuer>('/indicators/report-issuer', { ...v, signerAuthority: v.signerAuthority ?? '' });
      message.success(x.issuer.saved);
      current.reload();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Card size="small" title={x.issuer.title} style={{ marginBottom: 16 }} data-testid="report-issuer">
      {current.error ? <LoadError error={current.error} onRetry={current.reload} /> : null}
      <Form<Fields> form={form} layout="vertical" onFinish={save} style={{ maxWidth: 560 }}>
        {FIELDS.map(([name, max, required]) => (
          <Form.Item key={name} name={name} label={x.issuer[name]} rules={required ? [{ required: true, whitespace: true, message: x.issuer.required }] : []}>
            <Input maxLength={max} data-testid={`issuer-${name}`} />
          </Form.Item>
        ))}
        <Button type="primary" htmlType="submit" loading={busy} disabled={!current.data} data-testid="issuer-save">
          {x.issuer.save}
        </Button>
      </Form>
      {error ? <Alert type="error" showIcon title={error} style={{ marginTop: 8 }} /> : null}
      <Muted>{x.issuer.hint}</Muted>
    </Card>
  );
}
