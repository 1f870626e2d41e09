import Card from 'antd/es/card';
import Result from 'antd/es/result';
import Space from 'antd/es/space';
import Tag from 'antd/es/tag';
import Typography from 'antd/es/typography';
import { Link } from 'react-router-dom';
import { useI18n, type MessageKey } from '../i18n/i18n';
import { useSession } from './session';

// The pages of the signed-in frame (loaded with it, see frame.ts).

export function HomePage() {
  const { t } = useI18n();
  const { user } = useSession();
  if (!user) return null;
  return (
    <Card>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('home.welcome', { name: user.name })}
      </Typography.Title>
      <Space wrap>
        {user.roles.map((role) => (
          <Tag key={role} color="blue">
            {t(`role.${role}` as MessageKey)}
          </Tag>
        ))}
      </Space>
    </Card>
  );
}

export function ForbiddenPage() {
  const { t } = useI18n();
  return <Result status="403" title="403" subTitle={t('page.forbidden')} extra={<Link to="/">{t('page.back')}</Link>} />;
}

export function NotFoundPage() {
  const { t } = useI18n();
  return <Result status="404" title="404" subTitle={t('page.notFound')} extra={<Link to="/">{t('page.back')}</Link>} />;
}
