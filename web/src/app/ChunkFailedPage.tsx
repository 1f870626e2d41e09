import Button from 'antd/es/button';
import { useI18n } from '../i18n/i18n';

/** What a page whose code could not be loaded shows instead (never a blank page): why, in plain words, and 刷新. */
export function ChunkFailedPage() {
  const { t } = useI18n();
  return (
    <div role="alert" style={{ maxWidth: 480, margin: '48px auto', padding: 16, textAlign: 'center' }}>
      <p style={{ margin: '0 0 16px', fontSize: 16 }}>{t('app.chunkFailed')}</p>
      <Button type="primary" onClick={() => window.location.reload()}>
        {t('action.refresh')}
      </Button>
    </div>
  );
}
