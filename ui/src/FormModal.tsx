import { Alert, Form, type FormInstance, Modal } from 'antd';
import { type ReactNode, useState } from 'react';
import { errorMessage } from './api.js';
import { useLang } from './locale.js';

interface Props<V> {
  open: boolean;
  title: ReactNode;
  initialValues?: Partial<V>;
  okText?: string;
  width?: number;
  onCancel: () => void;
  /** Throwing shows the error inside the modal and keeps it open. */
  onSubmit: (values: V) => Promise<void>;
  children: (form: FormInstance<V>) => ReactNode;
  testId?: string;
}

/** A validated form in a modal: fresh values on each opening, the server's message on failure. */
export function FormModal<V extends object>({ open, title, initialValues, okText, width, onCancel, onSubmit, children, testId }: Props<V>) {
  const { t } = useLang();
  const [form] = Form.useForm<V>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const finish = async (values: V) => {
    setBusy(true);
    setError(null);
    try {
      await onSubmit(values);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={title}
      width={width ?? 560}
      okText={okText ?? t.common.save}
      cancelText={t.common.cancel}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onCancel}
      afterClose={() => setError(null)}
      destroyOnHidden
      mask={{ closable: false }}
      data-testid={testId}
    >
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" /> : null}
      {open ? (
        <Form<V> form={form} layout="vertical" initialValues={initialValues} onFinish={finish} disabled={busy}>
          {children(form)}
          <button type="submit" style={{ display: 'none' }} tabIndex={-1} aria-hidden />
        </Form>
      ) : null}
    </Modal>
  );
}
