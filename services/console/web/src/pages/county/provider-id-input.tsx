import { AutoComplete, Input } from 'antd';
import { useNames } from '../../api/directory';

/**
 * A provider's id, typed or picked among the providers the region has contracts with (by name or id); `onPick`
 * is told the name of a known one. Used inside a Form.Item, which gives `value`, `onChange` and the `id` its label
 * points at (given to the input, or the field would have no label for screen readers).
 */
export function ProviderIdInput({
  id,
  value,
  onChange,
  onPick,
  maxLength,
  testId,
}: {
  id?: string;
  value?: string;
  onChange?: (id: string) => void;
  onPick?: (provider: { id: string; name: string }) => void;
  maxLength: number;
  testId: string;
}) {
  const names = useNames();
  const known = [...(names.directory?.providers.values() ?? [])];
  return (
    <AutoComplete
      id={id}
      value={value}
      onChange={onChange}
      options={known.map((p) => ({ value: p.code, label: `${p.name}（${p.code}）` }))}
      showSearch={{
        filterOption: (input, option) =>
          String(option?.label ?? '').includes(input.trim()) || String(option?.value ?? '').includes(input.trim()),
      }}
      onSelect={(id: string) => {
        const p = known.find((k) => k.code === id);
        if (p) onPick?.({ id: p.code, name: p.name });
      }}
    >
      <Input maxLength={maxLength} data-testid={testId} />
    </AutoComplete>
  );
}
