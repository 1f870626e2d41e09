import Result from 'antd/es/result';
import { Link } from 'react-router-dom';
import { useI18n } from '../i18n/i18n';

// The pages of the signed-in frame (loaded with it, see frame.ts); the home page is the 工作台 (features/workbench).

export function ForbiddenPage() {
  const { t } = useI18n();
  return <Result status="403" title="403" subTitle={t('page.forbidden')} extra={<Link to="/">{t('page.back')}</Link>} />;
}

export function NotFoundPage() {
  const { t } = useI18n();
  return <Result status="404" title="404" subTitle={t('page.notFound')} extra={<Link to="/">{t('page.back')}</Link>} />;
}
