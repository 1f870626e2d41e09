import { Button, Space, Tag, Tooltip, Typography } from 'antd';
import { DeleteOutlined, DownloadOutlined, EyeOutlined, FileExclamationOutlined, FileImageOutlined, FileOutlined, FilePdfOutlined } from '@ant-design/icons';
import { useI18n, type MessageKey } from '../../i18n/i18n';
import { fileKind, formatSize, previewable, shortHash, type FileKind } from './rules';
import type { FileRef } from './types';
import { useFileViewer } from './FileViewer';

const ICONS: Partial<Record<FileKind, typeof FileOutlined>> = { pdf: FilePdfOutlined, image: FileImageOutlined };

/** The Chinese (or English) label of a file's kind: PDF 文档, 图片, Word 文档… */
export function useFileKindLabel() {
  const { t } = useI18n();
  return (file: Pick<FileRef, 'mediaType' | 'name'>) => t(`files.kind.${fileKind(file.mediaType, file.name)}` as MessageKey);
}

interface Props {
  files: FileRef[];
  /** With it, each file has a 移除 button (a form's list). */
  onRemove?(index: number): void;
  /** One line per file, its name opening it: for a table cell. */
  compact?: boolean;
  'data-testid'?: string;
}

/**
 * Files with their name, kind, size and fingerprint; a stored one opens (images and PDFs in a preview, the rest
 * downloaded), one filed before uploads existed says 未上传原件.
 */
export function FileList({ files, onRemove, compact, 'data-testid': testId }: Props) {
  const { t } = useI18n();
  const kindLabel = useFileKindLabel();
  const viewer = useFileViewer();

  const legacyTag = (file: FileRef) => (
    <Tooltip title={[t('files.legacyHint'), file.storageKey ? t('files.storedAt', { place: file.storageKey }) : ''].filter(Boolean).join(' ')}>
      <Tag color="default" icon={<FileExclamationOutlined />}>
        {t('files.legacy')}
      </Tag>
    </Tooltip>
  );

  if (compact) {
    return (
      <div data-testid={testId}>
        {files.map((file, index) => (
          <div key={`${file.fileId ?? file.sha256}-${index}`}>
            {file.fileId ? (
              <Button
                type="link"
                size="small"
                style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'left' }}
                loading={viewer.opening === file.fileId}
                onClick={() => void viewer.open(file)}
                aria-label={`${previewable(fileKind(file.mediaType, file.name)) ? t('files.preview') : t('files.download')} ${file.name}`}
              >
                {file.name}
              </Button>
            ) : (
              <Space size={4} wrap>
                <Typography.Text>{file.name}</Typography.Text>
                {legacyTag(file)}
              </Space>
            )}
          </div>
        ))}
        {viewer.element}
      </div>
    );
  }

  return (
    <div data-testid={testId}>
      {files.map((file, index) => {
        const kind = fileKind(file.mediaType, file.name);
        const Icon = ICONS[kind] ?? FileOutlined;
        return (
          <div
            key={`${file.fileId ?? file.sha256}-${index}`}
            data-testid="file-item"
            style={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 8, padding: '8px 0', borderBottom: '1px solid rgba(5, 5, 5, 0.06)' }}
          >
            <Icon aria-hidden />
            <Typography.Text strong style={{ wordBreak: 'break-all', minWidth: 0, flex: '1 1 200px' }}>
              {file.name}
            </Typography.Text>
            <Tag>{kindLabel(file)}</Tag>
            <Typography.Text type="secondary">{formatSize(file.size)}</Typography.Text>
            {file.sha256 && (
              <Typography.Text code copyable={{ text: file.sha256, tooltips: [t('files.copyHash'), '✓'] }} title={`${t('files.hash')} ${file.sha256}`}>
                {shortHash(file.sha256)}
              </Typography.Text>
            )}
            {!file.fileId && legacyTag(file)}
            <Space size={4} wrap>
              {file.fileId && previewable(kind) && (
                <Button size="small" icon={<EyeOutlined />} loading={viewer.opening === file.fileId} onClick={() => void viewer.open(file)} aria-label={`${t('files.preview')} ${file.name}`}>
                  {t('files.preview')}
                </Button>
              )}
              {file.fileId && (
                <Button size="small" icon={<DownloadOutlined />} disabled={viewer.opening === file.fileId} onClick={() => void viewer.download(file)} aria-label={`${t('files.download')} ${file.name}`}>
                  {t('files.download')}
                </Button>
              )}
              {onRemove && (
                <Button size="small" danger icon={<DeleteOutlined />} onClick={() => onRemove(index)} aria-label={`${t('files.remove')} ${file.name}`}>
                  {t('files.remove')}
                </Button>
              )}
            </Space>
          </div>
        );
      })}
      {viewer.element}
    </div>
  );
}
