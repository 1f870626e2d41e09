import DatePicker, { type DatePickerProps } from 'antd/es/date-picker';
import dayjs, { type Dayjs } from 'dayjs';

/** A deadline as people type and read it: Beijing time to the minute. */
export const DEADLINE_FORMAT = 'YYYY-MM-DD HH:mm';

type Props = Omit<DatePickerProps, 'value' | 'onChange' | 'format' | 'picker' | 'showTime'> & {
  /** Beijing wall-clock time `YYYY-MM-DD HH:mm` (see `fromBeijingInput`); empty for none. */
  value?: string | null;
  onChange?(value: string | undefined): void;
};

/**
 * Ant Design's DatePicker with a time, for a deadline held as Beijing wall-clock text: the picker shows and takes
 * those digits as they are, so the deadline means Beijing time whatever the browser's zone (months and weekdays
 * in the chosen locale, as ConfigProvider and dayjs follow it).
 */
export function DeadlineField({ value, onChange, style, ...rest }: Props) {
  const at = value ? dayjs(value) : null;
  return (
    <DatePicker
      {...rest}
      showTime={{ format: 'HH:mm' }}
      format={DEADLINE_FORMAT}
      style={{ width: 220, maxWidth: '100%', ...style }}
      value={at?.isValid() ? at : null}
      onChange={(next: Dayjs | Dayjs[] | null) => onChange?.(next && !Array.isArray(next) ? next.format(DEADLINE_FORMAT) : undefined)}
    />
  );
}
