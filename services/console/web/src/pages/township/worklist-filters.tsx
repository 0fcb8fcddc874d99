import { DatePicker, Select, Space, Switch } from 'antd';
import { useNames } from '../../api/directory';
import type { ReferralStatus } from '../../api/views';
import { PlaceSelect } from '../../components/place-select';
import { nameOf } from '../../i18n/domain-names';
import { useLocale } from '../../i18n/locale';
import {
  REFERRAL_WAITING,
  type CaseFilter,
  type ComplaintFilter,
  type ReferralFilter,
  type RequestFilter,
} from './lists';

/**
 * The worklist tabs' filters, a chunk of their own: loaded once a tab's first rows are on the screen (FilterBar in
 * worklist-page.tsx), so that their code (the date range picker above all) is neither fetched nor run before them.
 */

/** A tab's filter and how it changes (a change goes back to the list's first page). */
interface FiltersProps<F> {
  filter: F;
  update: (change: Partial<F>) => void;
}

const CHANNELS = ['window', 'online', 'proactive', 'chatbot', 'ivr'];

const COMPLAINT_OPEN = ['received', 'acknowledged', 'assigned', 'investigating', 'reopened'];

function ItemSelect({ value, onChange }: { value?: string; onChange: (v: string | undefined) => void }) {
  const names = useNames();
  const { m } = useLocale();
  return (
    <Select
      aria-label={m.common.item}
      placeholder={m.common.item}
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      value={value}
      onChange={(v: string | undefined) => onChange(v)}
      options={[...(names.directory?.items.values() ?? [])].map((i) => ({ value: i.code, label: names.item(i.code) }))}
      style={{ minWidth: 200 }}
    />
  );
}

/** 新申请: place, channel, item, registration dates. */
export function NewRequestsFilters({ filter, update }: FiltersProps<RequestFilter>) {
  const { m, names } = useLocale();
  return (
    <>
      <PlaceSelect
        level="township"
        value={filter.township}
        onChange={(township) => update({ township, village: undefined })}
      />
      <PlaceSelect
        level="village"
        within={filter.township}
        value={filter.village}
        onChange={(village) => update({ village })}
      />
      <Select
        mode="multiple"
        aria-label={m.common.channel}
        placeholder={m.common.channel}
        allowClear
        value={filter.channel ?? []}
        onChange={(channel: string[]) => update({ channel })}
        options={CHANNELS.map((c) => ({ value: c, label: nameOf(names.channel, c) }))}
        style={{ minWidth: 180 }}
      />
      <ItemSelect value={filter.item} onChange={(item) => update({ item })} />
      <DatePicker.RangePicker
        aria-label={m.common.dateRange}
        placeholder={[m.common.from, m.common.to]}
        onChange={(range) => update({ from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD') })}
      />
    </>
  );
}

/** 待入户调查 / 待审核: place, item, overdue only. */
export function CasesFilters({
  kind,
  filter,
  update,
}: FiltersProps<CaseFilter> & { kind: 'investigation' | 'decision' }) {
  const { m } = useLocale();
  return (
    <>
      <PlaceSelect
        level="township"
        value={filter.township}
        onChange={(township) => update({ township, village: undefined })}
      />
      <PlaceSelect
        level="village"
        within={filter.township}
        value={filter.village}
        onChange={(village) => update({ village })}
      />
      <ItemSelect value={filter.item} onChange={(item) => update({ item })} />
      <Space>
        <Switch
          checked={Boolean(filter.overdue)}
          onChange={(overdue) => update({ overdue })}
          aria-label={m.worklist.overdueOnly}
          id={`overdue-${kind}`}
        />
        <label htmlFor={`overdue-${kind}`}>{m.worklist.overdueOnly}</label>
      </Space>
    </>
  );
}

/** 转介待处理: status (the waiting ones), township, item. */
export function ReferralsFilters({ filter, update }: FiltersProps<ReferralFilter>) {
  const { m, names } = useLocale();
  return (
    <>
      <Select
        mode="multiple"
        aria-label={m.worklist.statusFilter}
        placeholder={m.worklist.statusFilter}
        value={filter.status}
        onChange={(status: ReferralStatus[]) => update({ status: status.length ? status : REFERRAL_WAITING })}
        options={REFERRAL_WAITING.map((s) => ({ value: s, label: nameOf(names.referralStatus, s) }))}
        style={{ minWidth: 240 }}
      />
      <PlaceSelect level="township" value={filter.township} onChange={(township) => update({ township })} />
      <ItemSelect value={filter.itemCode} onChange={(itemCode) => update({ itemCode })} />
    </>
  );
}

/** 投诉待办: status (the open ones), overdue only. */
export function ComplaintsFilters({ filter, update }: FiltersProps<ComplaintFilter>) {
  const { m, names } = useLocale();
  return (
    <>
      <Select
        mode="multiple"
        aria-label={m.worklist.statusFilter}
        placeholder={m.worklist.statusFilter}
        allowClear
        value={filter.status ?? []}
        onChange={(status: string[]) => update({ status })}
        options={COMPLAINT_OPEN.map((s) => ({ value: s, label: nameOf(names.complaintStatus, s) }))}
        style={{ minWidth: 240 }}
      />
      <Space>
        <Switch
          checked={Boolean(filter.overdue)}
          onChange={(overdue) => update({ overdue })}
          aria-label={m.worklist.overdueOnly}
          id="overdue-complaints"
        />
        <label htmlFor="overdue-complaints">{m.worklist.overdueOnly}</label>
      </Space>
    </>
  );
}
