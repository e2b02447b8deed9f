import { CameraOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Modal, Space, Typography } from 'antd';
import { useRef, useState } from 'react';
import { api, errorMessage } from '../../api.js';
import { useLoad } from '../../hooks.js';
import { loadPhotoUpload } from '../../lookups.js';
import { BlurredEvidence, type EvidenceItem } from '../intake/Evidence.js';
import { useProgrammesT } from './i18n.js';

interface Photo {
  id: string;
  mime: string;
  size: number;
  createdAt: string;
}

/**
 * A session's photo evidence: blurred previews (the server audits each) and, beside each, "xem ảnh
 * gốc" — the clear photo after a stated reason, audited, through the evidence panel the reporting
 * centre uses. Whoever may read the session may ask (the server checks it); those who may write it
 * also get an upload of photos (the types and limits the server takes are stated beside it).
 */
export function SessionPhotos({ sessionId, canWrite }: { sessionId: string; canWrite: boolean }) {
  const m = useProgrammesT();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const base = `/programmes/sessions/${encodeURIComponent(sessionId)}/photos`;
  return (
    <>
      <Button size="small" icon={<CameraOutlined />} onClick={() => setOpen(true)} aria-label={m.photos.title}>
        {m.photos.open}
      </Button>
      {open ? (
        <Modal open title={m.photos.title} footer={null} onCancel={() => setOpen(false)} destroyOnHidden>
          <PhotoList base={base} canWrite={canWrite} busy={busy} setBusy={setBusy} onError={(e) => void message.error(errorMessage(e))} />
        </Modal>
      ) : null}
    </>
  );
}

function PhotoList(props: { base: string; canWrite: boolean; busy: boolean; setBusy: (b: boolean) => void; onError: (e: unknown) => void }) {
  const m = useProgrammesT();
  const photos = useLoad(() => api.get<Photo[]>(props.base), [props.base]);
  // the types and limits the server takes, as it states them (src/programmes/sessions/session-photos.ts)
  const limits = useLoad(loadPhotoUpload, []);
  const picker = useRef<HTMLInputElement>(null);
  const add = async (input: HTMLInputElement) => {
    const files = Array.from(input.files ?? []);
    input.value = ''; // the same photo may be chosen again after a refusal
    if (files.length === 0) return;
    props.setBusy(true);
    try {
      for (const f of files) await api.upload(props.base, f, { field: 'photos' });
    } catch (e) {
      props.onError(e);
    } finally {
      props.setBusy(false);
      photos.reload();
    }
  };
  // no file names: a photo's name may name a child or a class
  const items: EvidenceItem[] = (photos.data ?? []).map((p) => ({
    key: p.id,
    kind: 'image',
    previewPath: `${props.base}/${encodeURIComponent(p.id)}/preview`,
    revealPath: `${props.base}/${encodeURIComponent(p.id)}/reveal`,
    filename: null,
    size: p.size,
    sha256: null,
    mime: p.mime,
  }));
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="session-photos">
      {photos.data ? <BlurredEvidence items={items} texts={m.photos.evidence} abuse={false} canReveal /> : null}
      {props.canWrite && limits.data ? (
        <>
          {/* the browser's own file button speaks the browser's language: ours speaks the console's */}
          <input
            ref={picker}
            type="file"
            hidden
            multiple
            accept={limits.data.types.join(',')}
            onChange={(e) => void add(e.currentTarget)}
            data-testid="session-photo-input"
          />
          <Button icon={<UploadOutlined />} loading={props.busy} onClick={() => picker.current?.click()}>
            {m.photos.add}
          </Button>
          <Typography.Text type="secondary">{m.photos.limits(limits.data)}</Typography.Text>
        </>
      ) : null}
    </Space>
  );
}
