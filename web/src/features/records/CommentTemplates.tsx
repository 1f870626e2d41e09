import { useEffect, useState } from 'react';
import { Button, Flex, Tooltip, Typography } from 'antd';
import { DeleteOutlined, QuestionCircleOutlined, SaveOutlined } from '@ant-design/icons';
import { useSession } from '../../app/session';
import { useI18n } from '../../i18n/i18n';
import { BUILT_IN_TEMPLATES, deleteTemplate, ownTemplates, saveTemplate, withTemplate, type TemplateDecision } from './commentTemplates';

interface Props {
  decision: TemplateDecision;
  /** The comment as typed (what "存为常用意见" saves). */
  comment: string | undefined;
  onChange(comment: string): void;
}

/** A template button's text wraps (a long comment would otherwise widen a phone's dialog). */
const WRAPPING = { whiteSpace: 'normal', height: 'auto', textAlign: 'left', maxWidth: '100%' } as const;

/** 常用意见 above a decision's comment: one click inserts; the user saves the current comment or deletes their own. */
export function CommentTemplates({ decision, comment, onChange }: Props) {
  const { t } = useI18n();
  const { user } = useSession();
  const userId = user?.id ?? 'anonymous';
  const [own, setOwn] = useState<string[]>(() => ownTemplates(userId, decision));
  const [justSaved, setJustSaved] = useState(false);
  useEffect(() => {
    setOwn(ownTemplates(userId, decision));
    setJustSaved(false);
  }, [userId, decision]);

  const insert = (text: string) => onChange(withTemplate(comment, text));
  const builtIn = BUILT_IN_TEMPLATES[decision].map((key) => t(key));
  return (
    <div data-testid="comment-templates" style={{ marginBottom: 8 }}>
      <Flex wrap gap={4} align="center">
        <Typography.Text type="secondary">
          {t('records.templates.title')}{' '}
          <Tooltip title={t('records.templates.hint', { user: user?.name ?? '' })}>
            <QuestionCircleOutlined aria-label={t('records.templates.hint', { user: user?.name ?? '' })} tabIndex={0} />
          </Tooltip>
        </Typography.Text>
        {builtIn.map((text) => (
          <Button key={`b:${text}`} size="small" onClick={() => insert(text)} aria-label={t('records.templates.insert', { text })} style={WRAPPING}>
            {text}
          </Button>
        ))}
        {own.map((text) => (
          <span key={`o:${text}`} style={{ display: 'inline-flex', alignItems: 'center', maxWidth: '100%' }}>
            <Button size="small" type="dashed" onClick={() => insert(text)} aria-label={t('records.templates.insert', { text })} style={WRAPPING}>
              {t('records.templates.mine')}：{text}
            </Button>
            <Button
              type="text"
              size="small"
              icon={<DeleteOutlined />}
              aria-label={t('records.templates.delete', { text })}
              onClick={() => setOwn(deleteTemplate(userId, decision, text))}
            />
          </span>
        ))}
        <Button
          size="small"
          icon={<SaveOutlined />}
          disabled={!comment?.trim()}
          onClick={() => {
            setOwn(saveTemplate(userId, decision, comment ?? ''));
            setJustSaved(true);
          }}
        >
          {justSaved ? t('records.templates.saved') : t('records.templates.save')}
        </Button>
      </Flex>
    </div>
  );
}
