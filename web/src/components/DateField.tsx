import DatePicker, { type DatePickerProps } from 'antd/es/date-picker';
import dayjs, { type Dayjs } from 'dayjs';

/** The one format of a calendar day the console shows and the API takes. */
export const DAY_FORMAT = 'YYYY-MM-DD';

type Props = Omit<DatePickerProps, 'value' | 'onChange' | 'format' | 'picker'> & {
  /** A day as `YYYY-MM-DD` (what forms hold and the API takes); empty for none. */
  value?: string | null;
  onChange?(value: string | undefined): void;
};

/**
 * Ant Design's DatePicker for a form field holding a day as `YYYY-MM-DD`: months and weekdays in the chosen locale
 * (ConfigProvider and dayjs follow it, see i18n.tsx), typed or picked, never the browser's own date input.
 */
export function DateField({ value, onChange, style, ...rest }: Props) {
  const day = value ? dayjs(value) : null;
  return (
    <DatePicker
      {...rest}
      format={DAY_FORMAT}
      style={{ width: 180, maxWidth: '100%', ...style }}
      value={day?.isValid() ? day : null}
      onChange={(next: Dayjs | Dayjs[] | null) => {
        // One day: the picker is never `multiple` here.
        const picked = Array.isArray(next) ? next[0] : next;
        onChange?.(picked ? picked.format(DAY_FORMAT) : undefined);
      }}
    />
  );
}
