import { Card, DatePicker, Input, Select, Space, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { ConsoleRole } from '../../api/bff';
import { useNames } from '../../api/directory';
import { pageOf } from '../../api/paging';
import { formatTime } from '../../components/countdown';
import { PageHeader } from '../../components/page-header';
import { useLocale } from '../../i18n/locale';
import { ListError, StatusTag, useFilter, usePaging } from '../provider/list-parts';
import { readAuditWhat } from './audit-what';
import {
  AUDITED_SERVICES,
  useAuditTrail,
  useConsoleAudit,
  type AuditTrailFilter,
  type ConsoleAuditFilter,
} from './queries';
import type { AuditAction, AuditTrailView, ConsoleAuditKind, ConsoleAuditView } from './views';

const KINDS: ConsoleAuditKind[] = ['sign_in', 'sign_out', 'password_change', 'totp_change', 'account_change'];
const ACTIONS: AuditAction[] = ['read', 'create', 'update', 'export', 'denied'];
const OUTCOME_COLOR = { success: 'green', failure: 'red', locked: 'volcano' } as const;

function useRoleName() {
  const { m } = useLocale();
  return (role: string | undefined) => (role ? (m.roles[role as ConsoleRole] ?? role) : '');
}

/** The date range filter of both trails: days, `to` included. */
function DateRange({ onChange, id }: { onChange: (r: { from?: string; to?: string }) => void; id: string }) {
  const { m } = useLocale();
  return (
    <DatePicker.RangePicker
      id={id}
      aria-label={m.common.dateRange}
      placeholder={[m.common.from, m.common.to]}
      onChange={(r) => onChange({ from: r?.[0]?.format('YYYY-MM-DD'), to: r?.[1]?.format('YYYY-MM-DD') })}
    />
  );
}

// ---- 登录与账号 ----

function ConsoleTrail() {
  const { m } = useLocale();
  const t = m.county.audit;
  const names = useNames();
  const roleName = useRoleName();
  const [filter, setFilter] = useState<ConsoleAuditFilter>({});
  const [local, setLocal] = useState<{ actor?: string; outcome?: ConsoleAuditView['outcome'] }>({});
  const { paging, reset, table } = usePaging();
  const trail = useConsoleAudit(filter);
  const describe = (what: string) => {
    const w = readAuditWhat(what);
    if (w.kind === 'known') return t.whats[w.key] ?? what;
    if (w.kind === 'create') return t.created(roleName(w.role), w.username, names.place(w.jurisdiction));
    if (w.kind === 'change') return t.changed(w.username, w.fields.map((f) => t.fields[f] ?? f).join('、'));
    return <Typography.Text type="secondary">{w.text}</Typography.Text>;
  };
  const page = pageOf(
    { items: trail.data?.items ?? [] },
    paging,
    (e) =>
      (!local.actor?.trim() ||
        e.actor.includes(local.actor.trim().toLowerCase()) ||
        e.subject?.username.includes(local.actor.trim().toLowerCase()) === true) &&
      (!local.outcome || e.outcome === local.outcome),
  );
  const columns: ColumnsType<ConsoleAuditView> = [
    { title: t.at, key: 'at', render: (_, e) => formatTime(e.at) },
    { title: t.kind, key: 'kind', render: (_, e) => <Tag>{t.kinds[e.kind] ?? e.kind}</Tag> },
    {
      title: t.actor,
      key: 'actor',
      render: (_, e) => (
        <Space orientation="vertical" size={0}>
          <Typography.Text code>{e.actor}</Typography.Text>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {[roleName(e.role), e.jurisdiction ? names.place(e.jurisdiction) : ''].filter(Boolean).join(' · ')}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t.subject,
      key: 'subject',
      render: (_, e) => (e.subject ? `${e.subject.username} · ${names.place(e.subject.jurisdiction)}` : ''),
    },
    { title: t.what, key: 'what', render: (_, e) => describe(e.what) },
    {
      title: t.outcome,
      key: 'outcome',
      render: (_, e) => (
        <Space size={4} wrap>
          <StatusTag color={OUTCOME_COLOR[e.outcome]}>{t.outcomes[e.outcome] ?? e.outcome}</StatusTag>
          {e.reason && <Typography.Text type="secondary">{t.reasons[e.reason] ?? e.reason}</Typography.Text>}
        </Space>
      ),
    },
    { title: t.ip, key: 'ip', render: (_, e) => e.ip ?? '' },
  ];
  return (
    <>
      <Typography.Paragraph type="secondary">{t.consoleHint}</Typography.Paragraph>
      <Space wrap className="filter-bar" data-testid="audit-console-filters">
        <Select
          aria-label={t.kind}
          placeholder={t.kind}
          allowClear
          value={filter.kind}
          onChange={(kind: ConsoleAuditKind | undefined) => {
            setFilter((f) => ({ ...f, kind }));
            reset();
          }}
          options={KINDS.map((k) => ({ value: k, label: t.kinds[k] }))}
          style={{ minWidth: 150 }}
        />
        <Select
          aria-label={t.outcome}
          placeholder={t.outcome}
          allowClear
          value={local.outcome}
          onChange={(outcome: ConsoleAuditView['outcome'] | undefined) => {
            setLocal((l) => ({ ...l, outcome }));
            reset();
          }}
          options={(['success', 'failure', 'locked'] as const).map((o) => ({ value: o, label: t.outcomes[o] }))}
          style={{ minWidth: 120 }}
        />
        <Input.Search
          allowClear
          aria-label={t.actor}
          placeholder={t.actorPlaceholder}
          onSearch={(actor) => {
            setLocal((l) => ({ ...l, actor }));
            reset();
          }}
          style={{ width: 200 }}
        />
        <DateRange
          id="audit-console-dates"
          onChange={(r) => {
            setFilter((f) => ({ ...f, ...r }));
            reset();
          }}
        />
      </Space>
      <ListError error={trail.error} />
      <Table<ConsoleAuditView>
        rowKey={(e) => `${e.at}|${e.actor}|${e.kind}|${e.what}`}
        data-testid="audit-console-table"
        size="middle"
        loading={trail.isFetching}
        columns={columns}
        dataSource={page.rows}
        pagination={table(page.total)}
      />
    </>
  );
}

// ---- 数据访问 (services' audit trails) ----

function DataTrail() {
  const { m } = useLocale();
  const t = m.county.audit;
  const roleName = useRoleName();
  const { filter, update, paging, table } = useFilter<AuditTrailFilter>({ service: 'intake' });
  const trail = useAuditTrail(filter);
  const page = pageOf({ items: trail.data ?? [] }, paging, () => true);
  const columns: ColumnsType<AuditTrailView> = [
    { title: t.at, key: 'at', render: (_, e) => formatTime(e.at) },
    {
      title: t.actor,
      key: 'actor',
      render: (_, e) => (
        <Space orientation="vertical" size={0}>
          <Space size={4}>
            <Typography.Text code>{e.actor}</Typography.Text>
            {e.verified === false && <StatusTag color="red">{t.unverified}</StatusTag>}
          </Space>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {roleName(e.role)}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: t.action,
      key: 'action',
      render: (_, e) => (
        <StatusTag color={e.action === 'denied' ? 'red' : e.action === 'read' ? 'blue' : 'purple'}>
          {t.actions[e.action] ?? e.action}
        </StatusTag>
      ),
    },
    {
      title: t.resource,
      key: 'resource',
      render: (_, e) => <Typography.Text code>{e.resource ?? ''}</Typography.Text>,
    },
    {
      title: t.subjectType,
      key: 'subjectType',
      render: (_, e) => (e.subjectType ? (t.subjectTypes[e.subjectType] ?? e.subjectType) : ''),
    },
    {
      title: t.records,
      key: 'records',
      render: (_, e) => {
        const ids = e.subjectId ? [e.subjectId] : e.subjectIds;
        if (!ids.length) return '';
        return ids.length === 1 ? (
          <Typography.Text code>{ids[0]}</Typography.Text>
        ) : (
          <Tooltip title={ids.slice(0, 20).join('\n')}>
            <span>{t.recordCount(ids.length)}</span>
          </Tooltip>
        );
      },
    },
    {
      title: t.detail,
      key: 'detail',
      render: (_, e) =>
        e.refusal ? (
          <Typography.Text type="danger">{`${e.refusal.status} ${e.refusal.code}`}</Typography.Text>
        ) : (
          <Typography.Text type="secondary">
            {[e.purpose, e.query && Object.keys(e.query).length ? JSON.stringify(e.query) : '']
              .filter(Boolean)
              .join(' · ')}
          </Typography.Text>
        ),
    },
  ];
  return (
    <>
      <Typography.Paragraph type="secondary">{t.dataHint}</Typography.Paragraph>
      <Space wrap className="filter-bar" data-testid="audit-data-filters">
        <Select
          aria-label={t.service}
          value={filter.service}
          onChange={(service: AuditTrailFilter['service']) => update({ service })}
          options={AUDITED_SERVICES.map((s) => ({ value: s, label: t.services[s] }))}
          style={{ minWidth: 160 }}
          data-testid="audit-service"
        />
        <Select
          aria-label={t.action}
          placeholder={t.action}
          allowClear
          value={filter.action}
          onChange={(action: AuditAction | undefined) => update({ action })}
          options={ACTIONS.map((a) => ({ value: a, label: t.actions[a] }))}
          style={{ minWidth: 120 }}
        />
        <Input.Search
          allowClear
          aria-label={t.actor}
          placeholder={t.actorExact}
          onSearch={(actor) => update({ actor: actor.trim() || undefined })}
          style={{ width: 180 }}
        />
        <Input.Search
          allowClear
          aria-label={t.subjectId}
          placeholder={t.subjectIdPlaceholder}
          onSearch={(subjectId) => update({ subjectId: subjectId.trim() || undefined })}
          style={{ width: 220 }}
        />
        <DateRange id="audit-data-dates" onChange={(r) => update(r)} />
      </Space>
      <ListError error={trail.error} />
      <Table<AuditTrailView>
        rowKey={(e, i) => `${e.at}|${e.actor}|${e.resource}|${i}`}
        data-testid="audit-data-table"
        size="middle"
        loading={trail.isFetching}
        columns={columns}
        dataSource={page.rows}
        pagination={table(page.total)}
      />
    </>
  );
}

/**
 * 审计日志: the audit trails of the county's jurisdiction — the console's own (sign-ins, failed and locked ones,
 * sign-outs, password and two-step changes, account changes) and each service's (who read or changed which
 * personal records, every refused request). Each is read newest first (at most 1000 entries per filter).
 */
export default function AuditPage() {
  const { m } = useLocale();
  const t = m.county.audit;
  const [params, setParams] = useSearchParams();
  const active = params.get('tab') === 'data' ? 'data' : 'console';
  return (
    <>
      <PageHeader title={t.title} hint={t.hint} />
      <Card>
        <Tabs
          data-testid="audit-tabs"
          activeKey={active}
          onChange={(key) => setParams({ tab: key }, { replace: true })}
          destroyOnHidden
          items={[
            { key: 'console', label: t.tabConsole, children: <ConsoleTrail /> },
            { key: 'data', label: t.tabData, children: <DataTrail /> },
          ]}
        />
      </Card>
    </>
  );
}
