import { Space, Tag, Typography } from 'antd';
import { useNames } from '../../api/directory';
import { Countdown } from '../../components/countdown';
import { nameOf } from '../../i18n/domain-names';
import { useLocale } from '../../i18n/locale';
import type { CallOutcome, ComplaintDetailView } from './hotline-api';
import { complaintDueAt } from './queries';
export { ErrorAlert, usePaging } from '../../components/table-paging';

/** What a complaint is about, by name: the case number, the provider, the township. */
export function ComplaintSubject({ c }: { c: Pick<ComplaintDetailView, 'about' | 'caseNumber' | 'township'> }) {
  const names = useNames();
  const { m } = useLocale();
  const caseNumber = c.caseNumber ?? c.about.caseNumber;
  const township = c.township ?? c.about.township;
  const parts = [
    caseNumber ? `${m.hotline.subject.case} ${caseNumber}` : '',
    c.about.providerId ? `${m.hotline.subject.provider} ${names.provider(c.about.providerId)}` : '',
    township ? names.place(township) : '',
  ].filter(Boolean);
  return (
    <Space orientation="vertical" size={0}>
      {parts.map((p) => (
        <span key={p}>{p}</span>
      ))}
    </Space>
  );
}

/** Complaint or consultation, and its type. */
export function ComplaintKindType({ c }: { c: Pick<ComplaintDetailView, 'kind' | 'type'> }) {
  const { names } = useLocale();
  return (
    <Space size={4} wrap>
      <Tag color={c.kind === 'complaint' ? 'volcano' : 'cyan'}>{nameOf(names.complaintKind, c.kind)}</Tag>
      <span>{nameOf(names.complaintType, c.type)}</span>
    </Space>
  );
}

const STATUS_COLOR: Record<string, string> = {
  received: 'orange',
  acknowledged: 'gold',
  assigned: 'blue',
  investigating: 'geekblue',
  resolved: 'green',
  closed: 'default',
  reopened: 'magenta',
};

export function ComplaintStatus({ c }: { c: Pick<ComplaintDetailView, 'status' | 'escalated'> }) {
  const { m, names } = useLocale();
  return (
    <Space size={4} wrap>
      <Tag color={STATUS_COLOR[c.status]}>{nameOf(names.complaintStatus, c.status)}</Tag>
      {c.escalated && <Tag color="red">{m.hotline.queue.escalated}</Tag>}
    </Space>
  );
}

/** The countdown of the complaint's current time limit (acknowledge, then resolve); none once resolved. */
export function ComplaintDue({ c }: { c: Pick<ComplaintDetailView, 'status' | 'acknowledgeBy' | 'resolveBy'> }) {
  const { m } = useLocale();
  const due = complaintDueAt(c);
  if (!due) return <Typography.Text type="secondary">{m.hotline.queue.noLongerTimed}</Typography.Text>;
  return (
    <Space orientation="vertical" size={0}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {c.status === 'received' ? m.hotline.queue.acknowledgeBy : m.hotline.queue.resolveBy}
      </Typography.Text>
      <Countdown dueAt={due} />
    </Space>
  );
}

/** Where a complaint was assigned: the township or county by name, or the provider. */
export function AssigneeCell({ assignee }: { assignee: ComplaintDetailView['assignee'] }) {
  const names = useNames();
  const { names: fixed } = useLocale();
  if (!assignee) return null;
  const unit = assignee.level === 'provider' ? names.provider(assignee.unit) : names.place(assignee.unit);
  return (
    <span>
      {nameOf(fixed.level, assignee.level)} · {unit}
    </span>
  );
}

const OUTCOME_COLOR: Record<CallOutcome, string> = {
  applied: 'green',
  complained: 'volcano',
  status_read: 'blue',
  operator: 'purple',
  abandoned: 'default',
  in_progress: 'gold',
};

export function OutcomeTag({ outcome }: { outcome: CallOutcome | undefined }) {
  const { m } = useLocale();
  const o = outcome ?? 'in_progress';
  return <Tag color={OUTCOME_COLOR[o]}>{m.hotline.calls.outcomes[o] ?? o}</Tag>;
}
