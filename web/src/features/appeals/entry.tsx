import { Button } from 'antd';
import { useNavigate } from 'react-router-dom';
import type { AppealSubjectType } from '@cadre/contracts';
import { useI18n } from '../../i18n/i18n';
import { appealPath } from './rules';

/** The 申诉 entry point on a subject's page: opens the appeal form with the subject chosen. */
export function AppealButton({ subjectType, subjectId, title, size }: { subjectType: AppealSubjectType; subjectId: string; title: string; size?: 'small' | 'middle' }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <Button size={size} data-testid={`appeal-${subjectType}`} onClick={() => navigate(appealPath(subjectType, subjectId, title))}>
      {t('appeals.entry')}
    </Button>
  );
}
