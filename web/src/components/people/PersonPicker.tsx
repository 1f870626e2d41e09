import { useEffect, useRef, useState, type CSSProperties } from 'react';
import Select from 'antd/es/select';
import Spin from 'antd/es/spin';
import Typography from 'antd/es/typography';
import type { PersonView } from '@cadre/contracts';
import { searchPeople } from '../../api/notifications';
import { useI18n } from '../../i18n/i18n';
import { chipLabels, knownPerson, personLine, rememberPeople, type KnownPerson } from './people';

/** How long typing pauses before the search is sent. */
export const SEARCH_DEBOUNCE_MS = 300;

interface Props {
  /** The picked user id (ids, with `multiple`). */
  value?: string | string[] | null;
  onChange?: (value: never) => void;
  multiple?: boolean;
  /** People the page already knows (participants, members, evaluators): their ids read as names from the start. */
  known?: readonly KnownPerson[];
  /** Search within this department's subtree. */
  departmentId?: string;
  /** Ids not offered (already listed elsewhere on the form). */
  exclude?: readonly string[];
  maxCount?: number;
  disabled?: boolean;
  id?: string;
  placeholder?: string;
  style?: CSSProperties;
  'aria-label'?: string;
}

/**
 * A person, found by name or pinyin initials (`GET /people?q=`, debounced): each option reads 名字 · 单位 · 职务, the
 * value is the user id, and a picked person always shows as a name (never an id). A Form.Item child (value/onChange).
 */
export function PersonPicker({ value, onChange, multiple = false, known, departmentId, exclude, maxCount, disabled, id, placeholder, style, ...rest }: Props) {
  const { t } = useI18n();
  const [options, setOptions] = useState<PersonView[]>([]);
  const [loading, setLoading] = useState(false);
  const [failed, setFailed] = useState(false);
  const [searched, setSearched] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const latest = useRef(0);
  useEffect(() => rememberPeople(known), [known]);
  useEffect(() => () => clearTimeout(timer.current), []);

  const search = (q: string, delay: number) => {
    clearTimeout(timer.current);
    const ticket = ++latest.current;
    setLoading(true);
    timer.current = setTimeout(() => {
      searchPeople(q, { departmentId }).then(
        (people) => {
          if (ticket !== latest.current) return;
          rememberPeople(people);
          setOptions(people);
          setFailed(false);
          setSearched(true);
          setLoading(false);
        },
        () => {
          if (ticket !== latest.current) return;
          setOptions([]);
          setFailed(true);
          setLoading(false);
        },
      );
    }, delay);
  };

  const hidden = new Set(exclude ?? []);
  const picked = (Array.isArray(value) ? value : value ? [value] : []).filter(Boolean);
  const personOf = (userId: string) => knownPerson(userId) ?? known?.find((p) => p.userId === userId);
  const labels = chipLabels(picked.flatMap((userId) => personOf(userId) ?? []));
  const nameOf = (userId: string) => labels.get(userId) ?? t('people.unknown');
  const selectOptions = options
    .filter((person) => !hidden.has(person.userId) || (Array.isArray(value) ? value.includes(person.userId) : value === person.userId))
    .map((person) => ({ value: person.userId, label: person.name, title: personLine(person), person }));

  return (
    <Select
      {...rest}
      id={id}
      mode={multiple ? 'multiple' : undefined}
      value={multiple ? (Array.isArray(value) ? value.filter(Boolean) : []) : value || undefined}
      onChange={(next: string | string[]) => onChange?.(next as never)}
      disabled={disabled}
      maxCount={maxCount}
      placeholder={placeholder ?? t('people.placeholder')}
      style={{ minWidth: 200, ...style }}
      allowClear={!disabled}
      showSearch={{ filterOption: false, onSearch: (q: string) => search(q, SEARCH_DEBOUNCE_MS) }}
      onOpenChange={(open) => {
        // Opened without typing: the first people of the directory (or the department) to choose from.
        if (open && !searched && !loading) search('', 0);
      }}
      options={selectOptions}
      labelRender={({ value: picked }) => nameOf(String(picked))}
      optionRender={(option) => {
        const person = (option.data as { person: PersonView }).person;
        return (
          <span>
            {person.name}
            <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
              {[person.departmentName, person.title].filter(Boolean).join(' · ')}
            </Typography.Text>
          </span>
        );
      }}
      notFoundContent={loading ? <Spin size="small" /> : failed ? t('people.failed') : t('people.none')}
    />
  );
}
