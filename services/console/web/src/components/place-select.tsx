import { Select } from 'antd';
import { useNames } from '../api/directory';
import { useSession } from '../auth/session';
import { useLocale } from '../i18n/locale';

/**
 * Picks a township (or a village, with `level="village"`) within the signed-in account's jurisdiction, by name.
 * A village account's own village is the only choice it has.
 */
export function PlaceSelect({
  level,
  value,
  onChange,
  within,
  allowClear = true,
  id,
  testId,
  style,
}: {
  level: 'township' | 'village';
  value?: string;
  onChange?: (code: string | undefined) => void;
  within?: string;
  allowClear?: boolean;
  id?: string;
  testId?: string;
  style?: React.CSSProperties;
}) {
  const names = useNames();
  const { m } = useLocale();
  const session = useSession();
  const jurisdiction = within ?? session.data?.account.jurisdiction ?? '';
  // Places under the jurisdiction, and the jurisdiction itself when it is of that level.
  const places = names.placesWithin(jurisdiction.slice(0, level === 'township' ? 9 : 12), level);
  return (
    <Select
      id={id}
      data-testid={testId}
      aria-label={level === 'township' ? m.common.township : m.common.village}
      placeholder={level === 'township' ? m.common.township : m.common.village}
      value={value}
      allowClear={allowClear}
      showSearch={{ optionFilterProp: 'label' }}
      onChange={(v: string | undefined) => onChange?.(v ?? undefined)}
      options={places.map((p) => ({ value: p.code, label: names.place(p.code) }))}
      style={{ minWidth: 160, ...style }}
    />
  );
}
