import { useMemo, useState } from 'react';
import { Alert, Button, Card, Flex, Form, Input, List, Modal, Tabs, Tag, Typography, type FormInstance } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { ScoringStandardView, TaxonomyView } from '@cadre/contracts';
import { api, ApiError } from '../../api/client';
import { ProblemAlert } from '../../components/ProblemAlert';
import { useI18n, type MessageKey } from '../../i18n/i18n';
import { basePointsOf, taxonomyProblems, type FieldProblem } from './rules';
import { bodyOf, draftOf, fieldNameOf, splitProblems, taxonomyChanges, type TaxonomyChange, type TaxonomyDraft } from './taxonomyDraft';

type Translate = ReturnType<typeof useI18n>['t'];

/** The API's (and `taxonomyProblems`') English messages in the reader's words; an unknown one as it came. */
export function problemText(t: Translate, message: string): string {
  const known: Record<string, MessageKey> = {
    'must be 2–20 upper-case letters': 'admin.tax.err.firstCode',
    'must be <FIRST>-NN': 'admin.tax.err.secondCode',
    'is required': 'admin.tax.err.required',
    'must be at most 50 characters': 'admin.tax.err.tooLong',
    'needs at least one second-level item': 'admin.tax.err.noChildren',
    'needs at least one item': 'admin.tax.err.noItems',
    'must have at most 50 items': 'admin.tax.err.tooMany',
    'is used twice': 'admin.tax.err.duplicate',
  };
  if (known[message]) return t(known[message]);
  const prefix = /^must start with (\S+)$/.exec(message);
  return prefix ? t('admin.tax.err.prefix', { prefix: prefix[1] }) : message;
}

/** Puts problems on their fields (`items.1.children.0.code`); answers the ones without a field. */
function placeProblems(form: FormInstance<TaxonomyDraft>, t: Translate, problems: FieldProblem[]): FieldProblem[] {
  const { onFields, general } = splitProblems(problems);
  const stale = form.getFieldsError().filter((field) => field.errors.length).map((field) => ({ name: field.name as never, errors: [] }));
  const byField = new Map<string, string[]>();
  for (const p of onFields) byField.set(p.path, [...(byField.get(p.path) ?? []), problemText(t, p.message)]);
  form.setFields([...stale, ...[...byField].map(([path, errors]) => ({ name: fieldNameOf(path) as never, errors }))]);
  return general;
}

function ChangeLine({ change, names }: { change: TaxonomyChange; names: Map<string, string> }) {
  const { t } = useI18n();
  const second = change.kind === 'moved' || ('parent' in change && change.parent);
  const level = t(second ? 'admin.tax.change.second' : 'admin.tax.change.first');
  const under = 'parent' in change && change.parent ? t('admin.tax.change.under', { parent: names.get(change.parent) ?? change.parent }) : '';
  const color = { added: 'green', removed: 'red', renamed: 'blue', moved: 'orange' }[change.kind];
  const detail =
    change.kind === 'renamed'
      ? t('admin.tax.change.rename', { from: change.from, to: change.to })
      : change.kind === 'moved'
        ? `${change.name} ${t('admin.tax.change.move', { from: names.get(change.from) ?? change.from, to: names.get(change.to) ?? change.to })}`
        : change.name;
  return (
    <span>
      <Tag color={color}>{t(`admin.tax.change.${change.kind}`)}</Tag>
      {level} {change.code} {detail}
      {under}
    </span>
  );
}

function Preview({ current, body }: { current: TaxonomyView | null; body: ReturnType<typeof bodyOf> }) {
  const { t } = useI18n();
  const changes = useMemo(() => taxonomyChanges(current, body), [current, body]);
  const names = useMemo(() => new Map([...(current?.items ?? []), ...body.items].map((item) => [item.code, item.name])), [current, body]);
  if (!changes.length) return <Alert type="info" showIcon title={t('admin.tax.noChanges')} />;
  return (
    <div data-testid="taxonomy-changes">
      <Typography.Paragraph>{current ? t('admin.tax.changesTitle', { version: current.version, n: changes.length }) : t('admin.tax.changesFirst', { n: changes.length })}</Typography.Paragraph>
      <List size="small" bordered dataSource={changes} renderItem={(change) => <List.Item><ChangeLine change={change} names={names} /></List.Item>} />
      {changes.some((c) => c.kind === 'removed') && <Alert style={{ marginTop: 12 }} type="warning" showIcon title={t('admin.tax.removedNote')} />}
    </div>
  );
}

/** One first-level item's card: code, name, its base points (read only), the reorder/remove buttons and its children. */
function ItemFields({ index, count, move, remove, standard }: { index: number; count: number; move: (from: number, to: number) => void; remove: (index: number) => void; standard: ScoringStandardView | null }) {
  const { t } = useI18n();
  const n = index + 1;
  const code = Form.useWatch(['items', index, 'code']) as string | undefined;
  return (
    <Card size="small" data-testid={`taxonomy-item-${index}`} style={{ marginBottom: 12 }}>
      <Flex wrap gap={8} align="start">
        <Form.Item name={[index, 'code']} style={{ marginBottom: 8, width: 160 }}>
          <Input aria-label={t('admin.tax.itemCode', { n })} placeholder={t('admin.tax.codePlaceholder')} maxLength={20} />
        </Form.Item>
        <Form.Item name={[index, 'name']} style={{ marginBottom: 8, flex: '1 1 160px', minWidth: 0 }}>
          <Input aria-label={t('admin.tax.itemName', { n })} placeholder={t('admin.tax.namePlaceholder')} maxLength={50} />
        </Form.Item>
        {standard && code && <Typography.Text type="secondary" style={{ lineHeight: '32px' }}>{t('admin.tax.basePointsOf', { points: basePointsOf(standard, code.trim().toUpperCase()) })}</Typography.Text>}
        <Flex gap={4}>
          <Button icon={<ArrowUpOutlined />} aria-label={t('admin.tax.moveUp', { n })} disabled={index === 0} onClick={() => move(index, index - 1)} />
          <Button icon={<ArrowDownOutlined />} aria-label={t('admin.tax.moveDown', { n })} disabled={index === count - 1} onClick={() => move(index, index + 1)} />
          <Button icon={<DeleteOutlined />} danger aria-label={t('admin.tax.removeItem', { n })} disabled={count === 1} onClick={() => remove(index)} />
        </Flex>
      </Flex>
      <Form.List name={[index, 'children']}>
        {(children, { add, remove: removeChild }, { errors }) => (
          <div style={{ paddingInlineStart: 16, borderInlineStart: '2px solid #f0f0f0' }}>
            {children.map((child, j) => (
              <Flex key={child.key} wrap gap={8} align="start">
                <Form.Item name={[child.name, 'code']} style={{ marginBottom: 8, width: 160 }}>
                  <Input aria-label={t('admin.tax.childCode', { n, m: j + 1 })} placeholder={code ? `${code.trim().toUpperCase()}-01` : t('admin.tax.codePlaceholder')} maxLength={23} />
                </Form.Item>
                <Form.Item name={[child.name, 'name']} style={{ marginBottom: 8, flex: '1 1 160px', minWidth: 0 }}>
                  <Input aria-label={t('admin.tax.childName', { n, m: j + 1 })} placeholder={t('admin.tax.namePlaceholder')} maxLength={50} />
                </Form.Item>
                <Button icon={<DeleteOutlined />} aria-label={t('admin.tax.removeChild', { n, m: j + 1 })} onClick={() => removeChild(child.name)} />
              </Flex>
            ))}
            <Form.ErrorList errors={errors} />
            <Button type="dashed" size="small" icon={<PlusOutlined />} onClick={() => add({ code: nextChildCode(code, children.length), name: '' })}>
              {t('admin.tax.addChild')}
            </Button>
          </div>
        )}
      </Form.List>
    </Card>
  );
}

/** A new child's suggested code: `INVEST-03` after two children of INVEST (empty while the parent has no code). */
function nextChildCode(parent: string | undefined, count: number): string {
  const code = (parent ?? '').trim().toUpperCase();
  return code ? `${code}-${String(count + 1).padStart(2, '0')}` : '';
}

/**
 * 发布新版分类体系 as a form: first-level items (code, name) each with second-level items (code, name), added,
 * removed and reordered; checked as the API checks (`taxonomyProblems`), then previewed as changes against the
 * current version, then published. The API's 400 field errors land next to their fields.
 */
export function TaxonomyEditor({ current, standard, onPublished, onCancel }: { current: TaxonomyView | null; standard: ScoringStandardView | null; onPublished: (view: TaxonomyView) => void; onCancel: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<TaxonomyDraft>();
  const [initial] = useState(() => draftOf(current));
  const [tab, setTab] = useState<'form' | 'preview' | 'json'>('form');
  const [general, setGeneral] = useState<FieldProblem[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const watched = Form.useWatch([], form) as TaxonomyDraft | undefined;
  const body = useMemo(() => bodyOf(watched ?? initial), [watched, initial]);

  /** Checks the draft; on problems back to the form with them shown. */
  const draftBody = (): ReturnType<typeof bodyOf> => bodyOf(form.getFieldsValue(true) as TaxonomyDraft);
  const checked = (): boolean => {
    const problems = taxonomyProblems(draftBody());
    setGeneral(placeProblems(form, t, problems));
    if (problems.length) setTab('form');
    return problems.length === 0;
  };

  const publish = async () => {
    setError(null);
    setBusy(true);
    try {
      onPublished(await api.put<TaxonomyView>('/taxonomy', draftBody()));
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 400 && caught.problem.errors?.length) {
        setGeneral(placeProblems(form, t, caught.problem.errors));
        setTab('form');
      } else setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const onOk = () => {
    if (!checked()) return;
    if (tab === 'preview') void publish();
    else setTab('preview');
  };

  return (
    <Modal
      open
      title={t('admin.tax.editorTitle')}
      okText={tab === 'preview' ? t('admin.tax.publish') : t('admin.tax.next')}
      cancelText={t('action.cancel')}
      confirmLoading={busy}
      onOk={onOk}
      onCancel={onCancel}
      width="min(880px, 100vw)"
      destroyOnHidden
    >
      <ProblemAlert error={error} />
      {general.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('admin.tax.problems')}
          description={
            <ul data-testid="taxonomy-problems" style={{ margin: 0, paddingInlineStart: 20 }}>
              {general.slice(0, 20).map((p, i) => (
                <li key={i}>{problemText(t, p.message)}</li>
              ))}
            </ul>
          }
        />
      )}
      <Tabs
        activeKey={tab}
        onChange={(key) => (key === 'preview' ? checked() && setTab('preview') : setTab(key as 'form' | 'json'))}
        items={[
          {
            key: 'form',
            label: t('admin.tax.tab.form'),
            forceRender: true,
            children: (
              <Form form={form} initialValues={initial} component="div" data-testid="taxonomy-form">
                <Typography.Paragraph type="secondary">{t('admin.tax.formHelp')}</Typography.Paragraph>
                <Form.List name="items">
                  {(items, { add, remove, move }, { errors }) => (
                    <>
                      {items.map((item) => (
                        <ItemFields key={item.key} index={item.name} count={items.length} move={move} remove={remove} standard={standard} />
                      ))}
                      <Form.ErrorList errors={errors} />
                      <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ code: '', name: '', children: [{ code: '', name: '' }] })}>
                        {t('admin.tax.addItem')}
                      </Button>
                    </>
                  )}
                </Form.List>
              </Form>
            ),
          },
          { key: 'preview', label: t('admin.tax.tab.preview'), children: <Preview current={current} body={body} /> },
          {
            key: 'json',
            label: t('admin.tax.tab.json'),
            children: (
              <pre data-testid="taxonomy-json" style={{ maxHeight: 400, overflow: 'auto', fontSize: 12, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
                {JSON.stringify(body, null, 2)}
              </pre>
            ),
          },
        ]}
      />
    </Modal>
  );
}
