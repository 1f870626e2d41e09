import { useState } from 'react';
import { App, Button, Dropdown } from 'antd';
import { DownOutlined, DownloadOutlined } from '@ant-design/icons';
import { api, type ExportFormat, type Query } from '../api/client';
import { useI18n } from '../i18n/i18n';
import { useProblemText } from './ProblemAlert';

export interface ExportButtonProps {
  /** The list's API path (`/tasks`); the export is its `?format=csv|xlsx`. */
  path: string;
  /** The list's filters, as its page sends them. */
  query?: Query;
  /** The file's name without extension (`重点任务`): saved as `重点任务.csv` or `重点任务.xlsx`. */
  name: string;
  disabled?: boolean;
}

/** 导出 ▾ → 导出 CSV / 导出 Excel: downloads a list with the session's token; a failure is told in plain words. */
export function ExportButton({ path, query = {}, name, disabled }: ExportButtonProps) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const problemText = useProblemText();
  const [busy, setBusy] = useState(false);
  const download = async (format: ExportFormat) => {
    setBusy(true);
    try {
      await api.download(path, query, `${name}.${format}`, format);
    } catch (error) {
      const text = problemText(error);
      message.error(t('export.failed', { reason: [text.message, text.detail].filter(Boolean).join(' ') }));
    } finally {
      setBusy(false);
    }
  };
  const items = [
    { key: 'csv', label: t('action.exportCsv') },
    { key: 'xlsx', label: t('action.exportExcel') },
  ];
  return (
    <Dropdown disabled={disabled || busy} trigger={['click']} menu={{ items, onClick: ({ key }) => void download(key as ExportFormat) }}>
      <Button icon={<DownloadOutlined />} loading={busy} disabled={disabled} autoInsertSpace={false}>
        {t('action.export')} <DownOutlined />
      </Button>
    </Dropdown>
  );
}
