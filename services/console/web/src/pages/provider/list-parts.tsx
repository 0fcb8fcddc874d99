import { ReloadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Button, DatePicker, Select, Space, Switch, Tag, type TagProps } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useNames } from '../../api/directory';
import { useLocale } from '../../i18n/locale';
import { usePaging } from '../../components/table-paging';

export { ErrorAlert as ListError, usePaging } from '../../components/table-paging';

/**
 * Pieces the provider's and the county's pages share (as the township's worklist has them): the table's
 * pagination, the error of a read or a change, the catalogue item, month and overdue filters, the refresh button.
 */

/** Picks a catalogue item of the region by name; `only` narrows the choice (e.g. government-purchased items). */
export function ItemSelect({
  value,
  onChange,
  only,
  testId,
}: {
  value?: string;
  onChange: (v: string | undefined) => void;
  only?: (item: { code: string; delivery?: string }) => boolean;
  testId?: string;
}) {
  const names = useNames();
  const { m } = useLocale();
  const items = [...(names.directory?.items.values() ?? [])].filter((i) => !only || only(i));
  return (
    <Select
      aria-label={m.common.item}
      placeholder={m.common.item}
      data-testid={testId}
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      value={value}
      onChange={(v: string | undefined) => onChange(v)}
      options={items.map((i) => ({ value: i.code, label: names.item(i.code) }))}
      style={{ minWidth: 200 }}
    />
  );
}

/** The page's 刷新 button: reads every list under `queryKey` again. */
export function RefreshButton({ queryKey, testId }: { queryKey: string; testId: string }) {
  const { m } = useLocale();
  const queryClient = useQueryClient();
  return (
    <Button
      icon={<ReloadOutlined />}
      onClick={() => void queryClient.invalidateQueries({ queryKey: [queryKey] })}
      data-testid={testId}
    >
      {m.common.refresh}
    </Button>
  );
}

/** A labelled month filter (no months after this one unless `future`). */
export function MonthFilter({
  id,
  label,
  value,
  onChange,
  testId,
  future = false,
}: {
  id: string;
  label: string;
  value: Dayjs;
  onChange: (month: Dayjs) => void;
  testId?: string;
  future?: boolean;
}) {
  return (
    <Space size={8}>
      <label htmlFor={id}>{label}</label>
      <DatePicker
        id={id}
        picker="month"
        value={value}
        allowClear={false}
        disabledDate={future ? undefined : (d) => d.isAfter(dayjs(), 'month')}
        onChange={(d) => d && onChange(d)}
        data-testid={testId}
      />
    </Space>
  );
}

/** A labelled switch that narrows a list to what is past its time limit. */
export function OverdueSwitch({
  id,
  checked,
  onChange,
}: {
  id: string;
  checked: boolean;
  onChange: (overdue: boolean) => void;
}) {
  const { m } = useLocale();
  return (
    <Space>
      <Switch id={id} checked={checked} onChange={onChange} aria-label={m.worklist.overdueOnly} />
      <label htmlFor={id}>{m.worklist.overdueOnly}</label>
    </Space>
  );
}

/** A list's filter and page: changing the filter (`update`, merged) goes back to page 1. */
export function useFilter<F extends object>(initial: F | (() => F)) {
  const pages = usePaging();
  const [filter, setFilter] = useState<F>(initial);
  const update = (f: Partial<F>) => {
    setFilter((old) => ({ ...old, ...f }));
    pages.reset();
  };
  return { filter, update, ...pages };
}

/**
 * Darker text for antd's light preset tag colours whose own text is too faint on their background for WCAG AA
 * (4.5:1 at 12 px): green, orange, gold, volcano; red and blue made a little darker too.
 */
const READABLE_TEXT: Record<string, string> = {
  green: '#135200',
  orange: '#873800',
  gold: '#874d00',
  volcano: '#871400',
  red: '#a8071a',
  blue: '#003eb3',
};

/** A state's tag in a preset colour, with text dark enough to read. */
export function StatusTag({ color, style, ...rest }: TagProps) {
  const text = typeof color === 'string' ? READABLE_TEXT[color] : undefined;
  return <Tag color={color} style={{ ...(text ? { color: text } : {}), ...style }} {...rest} />;
}
