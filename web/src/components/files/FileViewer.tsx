import { useCallback, useEffect, useState } from 'react';
import { App, Button, Grid, Modal } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n/i18n';
import { useProblemText } from '../ProblemAlert';
import { downloadFile, loadFile } from './access';
import { fileKind } from './rules';
import type { FileRef } from './types';

interface Preview {
  file: FileRef;
  kind: 'pdf' | 'image';
  url: string;
  revoke(): void;
}

/**
 * Opening stored files: `open` previews an image or a PDF in a modal (`element`, to be rendered) and downloads
 * anything else; `download` always downloads. The bytes come through the API client (the token is a header, so a
 * plain link could not fetch them); the object URL is revoked when the preview closes.
 */
export function useFileViewer() {
  const { t } = useI18n();
  const problemText = useProblemText();
  const { message } = App.useApp();
  const [preview, setPreview] = useState<Preview | null>(null);
  const [opening, setOpening] = useState<string | null>(null);

  useEffect(() => () => preview?.revoke(), [preview]);

  const fail = useCallback(
    (file: FileRef, caught: unknown) => {
      const text = problemText(caught);
      void message.error(t('files.error.open', { name: file.name, reason: text.message }));
    },
    [message, problemText, t],
  );

  const download = useCallback(
    async (file: FileRef) => {
      if (!file.fileId) return;
      setOpening(file.fileId);
      try {
        await downloadFile({ ...file, fileId: file.fileId });
      } catch (caught) {
        fail(file, caught);
      } finally {
        setOpening(null);
      }
    },
    [fail],
  );

  const open = useCallback(
    async (file: FileRef) => {
      if (!file.fileId) return;
      const kind = fileKind(file.mediaType, file.name);
      if (kind !== 'pdf' && kind !== 'image') return download(file);
      setOpening(file.fileId);
      try {
        const loaded = await loadFile({ ...file, fileId: file.fileId });
        setPreview({ file, kind, ...loaded });
      } catch (caught) {
        fail(file, caught);
      } finally {
        setOpening(null);
      }
    },
    [download, fail],
  );

  const element = preview ? <PreviewModal preview={preview} onClose={() => setPreview(null)} /> : null;
  return { open, download, opening, element };
}

function PreviewModal({ preview, onClose }: { preview: Preview; onClose(): void }) {
  const { t } = useI18n();
  const screens = Grid.useBreakpoint();
  // Below md (a phone): the whole width, from the top.
  const phone = !screens.md;
  const save = () => {
    const link = document.createElement('a');
    link.href = preview.url;
    link.download = preview.file.name;
    document.body.appendChild(link);
    link.click();
    link.remove();
  };
  return (
    <Modal
      open
      title={t('files.previewTitle', { name: preview.file.name })}
      onCancel={onClose}
      width={phone ? '100%' : 960}
      style={phone ? { top: 0, maxWidth: '100vw', margin: 0, paddingBottom: 0 } : { top: 24 }}
      footer={[
        <Button key="download" icon={<DownloadOutlined />} onClick={save}>
          {t('files.download')}
        </Button>,
        <Button key="close" type="primary" onClick={onClose}>
          {t('files.dismiss')}
        </Button>,
      ]}
      destroyOnHidden
    >
      <div data-testid="file-preview">
        {preview.kind === 'image' ? (
          <img src={preview.url} alt={preview.file.name} style={{ display: 'block', maxWidth: '100%', maxHeight: '75vh', margin: '0 auto' }} />
        ) : (
          <iframe src={preview.url} title={t('files.previewFrame', { name: preview.file.name })} style={{ width: '100%', height: phone ? '78vh' : '75vh', border: 0 }} />
        )}
      </div>
    </Modal>
  );
}
