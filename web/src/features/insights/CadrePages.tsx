import { useState } from 'react';
import { Alert, Card, Form, Space, Tabs, Typography } from 'antd';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { useSession } from '../../app/session';
import { useI18n } from '../../i18n/i18n';
import { currentYear } from './format';
import { PeriodSelect } from './parts';
import { PortraitPanel } from './PortraitPanel';
import { ScorePanel } from './ScorePanel';

const MINE = {
  score: { title: 'nav.insights.myScore', periodId: 'my-score-period', rolling: true, other: '/my-portrait', otherLabel: 'insights.score.viewPortrait', Panel: ScorePanel },
  portrait: { title: 'nav.insights.myPortrait', periodId: 'my-portrait-period', rolling: false, other: '/my-score', otherLabel: 'insights.portrait.viewScore', Panel: PortraitPanel },
} as const;

/** 我的积分 / 我的画像: the signed-in cadre's score (every entry explained) or portrait, for a period, each linking to the other. */
function MinePage({ view }: { view: keyof typeof MINE }) {
  const { t } = useI18n();
  const { user } = useSession();
  const [period, setPeriod] = useState(currentYear());
  if (!user) return <Alert type="info" title={t('insights.signedOut')} />;
  const { title, periodId, rolling, other, otherLabel, Panel } = MINE[view];
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t(title)}
      </Typography.Title>
      <Form layout="inline">
        <PeriodSelect id={periodId} value={period} onChange={setPeriod} rolling={rolling} />
        <Form.Item>
          <Link to={other}>{t(otherLabel)}</Link>
        </Form.Item>
        <Form.Item>
          <Link to={/^\d{4}$/.test(period) ? `/me/dossier?period=${period}` : '/me/dossier'}>{t('insights.viewDossier')}</Link>
        </Form.Item>
      </Form>
      <Panel cadreId={user.id} period={period} />
    </Space>
  );
}

export const MyScorePage = () => <MinePage view="score" />;
export const MyPortraitPage = () => <MinePage view="portrait" />;

/** `/cadres/:id`: a cadre's score and portrait, for the cadre and those the API lets see them. */
export function CadrePage() {
  const { t } = useI18n();
  const { id = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const tab = search.get('tab') === 'portrait' ? 'portrait' : 'score';
  const [period, setPeriod] = useState(currentYear());
  // The portrait takes calendar years only.
  const portraitPeriod = period === 'rolling3' ? currentYear() : period;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('insights.cadre.title')}
      </Typography.Title>
      <Typography.Text type="secondary">{t('insights.cadre.forbidden')}</Typography.Text>
      <Form layout="inline">
        <PeriodSelect id="cadre-period" value={tab === 'portrait' ? portraitPeriod : period} onChange={setPeriod} rolling={tab === 'score'} />
        <Form.Item>
          <Link to={`/cadres/${encodeURIComponent(id)}/dossier?period=${portraitPeriod}`}>{t('insights.viewDossier')}</Link>
        </Form.Item>
      </Form>
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(key) => setSearch({ tab: key }, { replace: true })}
          items={[
            { key: 'score', label: t('insights.cadre.score'), children: tab === 'score' ? <ScorePanel cadreId={id} period={period} /> : null },
            { key: 'portrait', label: t('insights.cadre.portrait'), children: tab === 'portrait' ? <PortraitPanel cadreId={id} period={portraitPeriod} /> : null },
          ]}
        />
      </Card>
    </Space>
  );
}
