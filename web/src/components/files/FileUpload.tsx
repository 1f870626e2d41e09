import { useEffect, useRef, useState } from 'react';
import { Button, Progress, Typography, Upload } from 'antd';
import { CloseOutlined, InboxOutlined, StopOutlined } from '@ant-design/icons';
import { ApiError } from '../../api/client';
import { useI18n } from '../../i18n/i18n';
import { useProblemText } from '../ProblemAlert';
import { FileList } from './FileList';
import { fileProblem, formatSize, MAX_FILE_BYTES } from './rules';
import { fileRefOf, type FilePurpose, type FileRef } from './types';
import { UploadCancelled, uploadFile } from './upload';

interface Row {
  uid: string;
  name: string;
  percent: number;
  /** Set when the file was refused or its upload failed: the row stays until dismissed. */
  error?: string;
}

interface Props {
  /** The files uploaded so far (a form field's value). */
  value?: FileRef[];
  onChange?(value: FileRef[]): void;
  /** What the files are for: the API's `purpose` (record, bid, progress, result). */
  purpose: FilePurpose;
  maxCount?: number;
  maxBytes?: number;
  disabled?: boolean;
  /** Told whether an upload is under way (a form waits for it before saving). */
  onBusyChange?(busy: boolean): void;
}

/**
 * Drag-and-drop or click to upload several files, each with its progress and a cancel button; refused files (type,
 * size, the server's 413/415) say why in plain words. The value is the list of uploaded files (FileRef with fileId).
 */
export function FileUpload({ value, onChange, purpose, maxCount = 20, maxBytes = MAX_FILE_BYTES, disabled, onBusyChange }: Props) {
  const { t } = useI18n();
  const problemText = useProblemText();
  const [rows, setRows] = useState<Row[]>([]);
  // Uploads end one by one, between renders: each adds to the latest list, not to the one it started with.
  const current = useRef<FileRef[]>(value ?? []);
  const aborts = useRef(new Map<string, () => void>());
  useEffect(() => {
    current.current = value ?? [];
  }, [value]);
  useEffect(() => {
    const running = aborts.current;
    return () => running.forEach((abort) => abort());
  }, []);

  const busy = rows.some((row) => !row.error);
  useEffect(() => onBusyChange?.(busy), [busy, onBusyChange]);

  const update = (uid: string, change: Partial<Row> | null) =>
    setRows((list) => (change ? list.map((row) => (row.uid === uid ? { ...row, ...change } : row)) : list.filter((row) => row.uid !== uid)));
  const max = formatSize(maxBytes);

  const start = (file: File & { uid: string }) => {
    const refused = fileProblem(file, maxBytes);
    const name = file.name;
    if (refused) {
      setRows((list) => [...list, { uid: file.uid, name, percent: 0, error: t(`files.error.${refused}`, { name, max }) }]);
      return;
    }
    if (current.current.length + aborts.current.size >= maxCount) {
      setRows((list) => [...list, { uid: file.uid, name, percent: 0, error: t('files.tooMany', { max: maxCount }) }]);
      return;
    }
    const upload = uploadFile(file, purpose, (percent) => update(file.uid, { percent }));
    aborts.current.set(file.uid, upload.abort);
    setRows((list) => [...list, { uid: file.uid, name, percent: 0 }]);
    upload.done
      .then((uploaded) => {
        const next = [...current.current, fileRefOf(uploaded)];
        current.current = next;
        update(file.uid, null);
        onChange?.(next);
      })
      .catch((caught: unknown) => {
        if (caught instanceof UploadCancelled) return update(file.uid, null);
        const status = caught instanceof ApiError ? caught.status : 0;
        const error =
          status === 413 ? t('files.error.413', { name, max }) : status === 415 ? t('files.error.415', { name }) : t('files.error.other', { name, reason: problemText(caught).message });
        update(file.uid, { error });
      })
      .finally(() => aborts.current.delete(file.uid));
  };

  const files = value ?? [];
  return (
    <div data-testid={`file-upload-${purpose}`}>
      <Upload.Dragger
        multiple
        showUploadList={false}
        disabled={disabled}
        beforeUpload={(file) => {
          start(file);
          return Upload.LIST_IGNORE;
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{t('files.drop')}</p>
        <p className="ant-upload-hint">{t('files.dropHint', { max })}</p>
      </Upload.Dragger>
      {rows.map((row) => (
        <div key={row.uid} data-testid="upload-row" style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 8, padding: '8px 0' }}>
          <Typography.Text style={{ wordBreak: 'break-all', flex: '1 1 200px' }}>{row.name}</Typography.Text>
          {row.error ? (
            <>
              <Typography.Text type="danger" role="alert" style={{ flex: '1 1 100%' }}>
                {row.error}
              </Typography.Text>
              <Button size="small" icon={<CloseOutlined />} onClick={() => update(row.uid, null)} aria-label={`${t('files.dismiss')} ${row.name}`}>
                {t('files.dismiss')}
              </Button>
            </>
          ) : (
            <>
              <Progress percent={row.percent} size="small" style={{ flex: '1 1 160px', margin: 0 }} aria-label={`${t('files.uploading')} ${row.name}`} />
              <Button size="small" icon={<StopOutlined />} onClick={() => aborts.current.get(row.uid)?.()} aria-label={`${t('files.cancel')} ${row.name}`}>
                {t('files.cancel')}
              </Button>
            </>
          )}
        </div>
      ))}
      {files.length > 0 && <FileList files={files} onRemove={(index) => onChange?.(files.filter((_, at) => at !== index))} data-testid="uploaded-files" />}
    </div>
  );
}
