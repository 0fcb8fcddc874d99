import { AlertOutlined, LinkOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Select, Space, Table, Tabs, Tag, Timeline, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useNames } from '../../api/directory';
import { useSession } from '../../auth/session';
import { formatTime } from '../../components/countdown';
import { PageHeader } from '../../components/page-header';
import { ErrorAlert } from '../../components/table-paging';
import { useLocale } from '../../i18n/locale';
import {
  CloseAlertModal,
  LinkCodeModal,
  NeighbourTrainingModal,
  NeighbourVisitModal,
  PairModal,
  RegisterDeviceModal,
  RegisterNeighbourModal,
} from './neighbour-forms';
import {
  useAlerts,
  useDevices,
  useMyLinkCode,
  useNeighbourLinkCode,
  useNeighbours,
  useVisitCounts,
  type AlertStatus,
  type AlertView,
  type DeviceView,
  type LinkCode,
  type NeighbourView,
  type VisitCount,
} from './neighbour-queries';

const STATUS_COLOURS: Record<AlertStatus, string> = {
  raised: 'orange',
  acknowledged: 'blue',
  escalated: 'red',
  closed: 'default',
};

/** 门铃告警: live (polled), escalations first in a banner; each alert's timeline; close with the outcome. */
function AlertsTab() {
  const { m } = useLocale();
  const t = m.neighbourHelp.alerts;
  const names = useNames();
  const alerts = useAlerts();
  const [closing, setClosing] = useState<AlertView>();
  const escalated = (alerts.data ?? []).filter((a) => a.status === 'escalated');
  return (
    <>
      {escalated.length > 0 && (
        <Alert
          type="error"
          showIcon
          icon={<AlertOutlined />}
          role="alert"
          data-testid="escalated-banner"
          style={{ marginBottom: 16 }}
          message={t.escalatedBanner(escalated.length)}
          description={escalated.map((a) => `${a.person.name}（${a.person.place}）`).join('、')}
        />
      )}
      <Typography.Paragraph type="secondary">{t.live}</Typography.Paragraph>
      <ErrorAlert error={alerts.error} />
      <Table<AlertView>
        rowKey="alertId"
        size="middle"
        data-testid="alerts-table"
        dataSource={alerts.data}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        locale={{ emptyText: <Empty description={t.none} /> }}
        expandable={{
          expandRowByClick: true,
          expandedRowRender: (a) => (
            <Timeline
              data-testid="alert-timeline"
              items={a.timeline.map((s) => ({
                color:
                  s.what === 'escalated' || s.what === 'not_delivered' ? 'red' : s.what === 'closed' ? 'gray' : 'blue',
                children: `${formatTime(s.at)} ${t.steps[s.what]}${s.who ? ` · ${s.who}` : ''}${
                  s.note && s.what !== 'raised' && s.what !== 'pressed_again' ? ` · ${s.note}` : ''
                }`,
              }))}
            />
          ),
        }}
        columns={[
          {
            title: t.person,
            key: 'person',
            render: (_, a) => <Typography.Text strong>{a.person.name}</Typography.Text>,
          },
          { title: t.place, key: 'place', render: (_, a) => `${names.place(a.village)} · ${a.person.place}` },
          {
            title: t.status,
            key: 'status',
            render: (_, a) => (
              <Tag color={STATUS_COLOURS[a.status]} data-testid="alert-status">
                {t.statuses[a.status]}
                {a.closed ? ` · ${t.outcomes[a.closed.outcome]}` : ''}
              </Tag>
            ),
          },
          { title: t.raisedAt, key: 'raised', render: (_, a) => formatTime(a.raisedAt) },
          { title: t.acknowledgedBy, key: 'ack', render: (_, a) => a.acknowledged?.by.name ?? '' },
          { title: t.recipients, key: 'recipients', render: (_, a) => a.recipients.map((r) => r.name).join('、') },
          {
            title: m.common.actions,
            key: 'actions',
            render: (_, a) =>
              a.status === 'closed' ? null : (
                <Button
                  size="small"
                  data-testid="close-alert-button"
                  aria-label={`${t.close} ${a.person.name}`}
                  onClick={(e) => {
                    e.stopPropagation();
                    setClosing(a);
                  }}
                >
                  {t.close}
                </Button>
              ),
          },
        ]}
      />
      <CloseAlertModal alert={closing} onClose={() => setClosing(undefined)} />
    </>
  );
}

/** 邻里: registered neighbours (masked identity), training, pairings, chat link; register, train, pair, visit. */
function NeighboursTab() {
  const { m } = useLocale();
  const t = m.neighbourHelp.neighbours;
  const names = useNames();
  const neighbours = useNeighbours();
  const linkCode = useNeighbourLinkCode();
  const [registering, setRegistering] = useState(false);
  const [training, setTraining] = useState<NeighbourView>();
  const [pairing, setPairing] = useState<NeighbourView>();
  const [visiting, setVisiting] = useState<NeighbourView>();
  const [code, setCode] = useState<LinkCode>();
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setRegistering(true)}
          data-testid="register-neighbour-button"
        >
          {t.add}
        </Button>
      </Space>
      <ErrorAlert error={neighbours.error ?? linkCode.error} />
      <Table<NeighbourView>
        rowKey="neighbourId"
        size="middle"
        data-testid="neighbours-table"
        dataSource={neighbours.data}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        locale={{ emptyText: <Empty description={t.none} /> }}
        columns={[
          { title: t.name, key: 'name', render: (_, n) => <Typography.Text strong>{n.name}</Typography.Text> },
          { title: t.village, key: 'village', render: (_, n) => names.place(n.village) },
          { title: t.idNumber, key: 'id', dataIndex: 'idNumberMasked' },
          { title: t.phone, key: 'phone', dataIndex: 'phoneMasked' },
          {
            title: t.training,
            key: 'training',
            render: (_, n) => (
              <Space direction="vertical" size={0}>
                <Tag color={n.trained ? 'green' : 'orange'}>{n.trained ? t.trained : t.untrained}</Tag>
                <Typography.Text type="secondary">
                  {n.training.map((x) => `${x.course}（${x.date}，${x.hours}）`).join('；')}
                </Typography.Text>
              </Space>
            ),
          },
          { title: t.pairings, key: 'pairings', render: (_, n) => n.pairings.map((p) => p.personName).join('、') },
          {
            title: t.chat,
            key: 'chat',
            render: (_, n) => (
              <Tag color={n.chatLinkedAt ? 'green' : 'default'} data-testid="neighbour-chat">
                {n.chatLinkedAt ? t.linked : t.notLinked}
              </Tag>
            ),
          },
          {
            title: m.common.actions,
            key: 'actions',
            render: (_, n) => (
              <Space wrap size={4}>
                <Button size="small" onClick={() => setTraining(n)} aria-label={`${t.addTraining} ${n.name}`}>
                  {t.addTraining}
                </Button>
                <Button
                  size="small"
                  onClick={() => setPairing(n)}
                  aria-label={`${t.pair} ${n.name}`}
                  data-testid="pair-button"
                >
                  {t.pair}
                </Button>
                <Button
                  size="small"
                  disabled={n.pairings.length === 0}
                  onClick={() => setVisiting(n)}
                  aria-label={`${t.recordVisit} ${n.name}`}
                  data-testid="visit-button"
                >
                  {t.recordVisit}
                </Button>
                <Button
                  size="small"
                  icon={<LinkOutlined />}
                  aria-label={`${t.linkCode} ${n.name}`}
                  data-testid="link-code-button"
                  loading={linkCode.isPending && linkCode.variables === n.neighbourId}
                  onClick={() => linkCode.mutate(n.neighbourId, { onSuccess: setCode })}
                >
                  {t.linkCode}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <RegisterNeighbourModal open={registering} onClose={() => setRegistering(false)} />
      <NeighbourTrainingModal neighbour={training} onClose={() => setTraining(undefined)} />
      <PairModal neighbour={pairing} onClose={() => setPairing(undefined)} />
      <NeighbourVisitModal neighbour={visiting} onClose={() => setVisiting(undefined)} />
      <LinkCodeModal code={code} onClose={() => setCode(undefined)} />
    </>
  );
}

/** 走访统计: each neighbour's visits of a year as the village recorded them (what the yearly subsidy counts). */
function CountsTab() {
  const { m } = useLocale();
  const t = m.neighbourHelp.counts;
  const names = useNames();
  const thisYear = dayjs().year();
  const [year, setYear] = useState(String(thisYear));
  const counts = useVisitCounts(year);
  return (
    <>
      <Space className="filter-bar" style={{ marginBottom: 12 }}>
        <label htmlFor="counts-year">{t.year}</label>
        <Select
          id="counts-year"
          aria-label={t.year}
          value={year}
          onChange={setYear}
          options={[0, 1, 2].map((n) => ({ value: String(thisYear - n), label: String(thisYear - n) }))}
        />
      </Space>
      <ErrorAlert error={counts.error} />
      <Table<VisitCount>
        rowKey="neighbourId"
        size="middle"
        data-testid="visit-counts-table"
        dataSource={counts.data}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: <Empty description={t.none} /> }}
        columns={[
          { title: t.neighbour, key: 'name', render: (_, r) => <Typography.Text strong>{r.name}</Typography.Text> },
          { title: t.village, key: 'village', render: (_, r) => names.place(r.village) },
          { title: t.visits, key: 'visits', dataIndex: 'visits', align: 'right' },
          { title: t.people, key: 'people', dataIndex: 'people', align: 'right' },
          {
            title: t.months,
            key: 'months',
            render: (_, r) =>
              Object.entries(r.byMonth)
                .sort()
                .map(([month, n]) => `${month.slice(5)}月 ${n}`)
                .join('，'),
          },
        ]}
      />
    </>
  );
}

/** 门铃设备: registered doorbells; register one (its secret shown once); a coordinator links their own alert chat. */
function DevicesTab() {
  const { m } = useLocale();
  const t = m.neighbourHelp.devices;
  const names = useNames();
  const session = useSession();
  const devices = useDevices();
  const neighbours = useNeighbours();
  const myCode = useMyLinkCode();
  const [registering, setRegistering] = useState(false);
  const [code, setCode] = useState<LinkCode>();
  const nameOf = new Map((neighbours.data ?? []).map((n) => [n.neighbourId, n.name]));
  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <Button
          type="primary"
          icon={<PlusOutlined />}
          onClick={() => setRegistering(true)}
          data-testid="register-device-button"
        >
          {t.add}
        </Button>
        {session.data?.account.role === 'village_coordinator' && (
          <Button
            icon={<LinkOutlined />}
            onClick={() => myCode.mutate(undefined, { onSuccess: setCode })}
            data-testid="my-link-code"
          >
            {t.myChat}
          </Button>
        )}
      </Space>
      <ErrorAlert error={devices.error ?? myCode.error} />
      <Table<DeviceView>
        rowKey="deviceId"
        size="middle"
        data-testid="devices-table"
        dataSource={devices.data}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        locale={{ emptyText: <Empty description={t.none} /> }}
        columns={[
          { title: t.deviceId, key: 'id', render: (_, d) => <Typography.Text code>{d.deviceId}</Typography.Text> },
          { title: t.village, key: 'village', render: (_, d) => names.place(d.village) },
          {
            title: t.person,
            key: 'person',
            render: (_, d) => (
              <Space>
                {`${d.person.name}（${d.person.place}）`}
                {d.openAlertId && <Tag color="red">{t.openAlert}</Tag>}
              </Space>
            ),
          },
          {
            title: t.neighbours,
            key: 'neighbours',
            render: (_, d) => d.neighbourIds.map((id) => nameOf.get(id) ?? id).join('、'),
          },
        ]}
      />
      <RegisterDeviceModal open={registering} onClose={() => setRegistering(false)} />
      <LinkCodeModal code={code} onClose={() => setCode(undefined)} />
    </>
  );
}

/**
 * 邻里互助·爱心门铃 (000 三(六)6): the township's and village's page for neighbours, their counted visits, the
 * doorbells, and the doorbell alerts live (an escalation shows within seconds, without a reload).
 */
export default function NeighbourHelpPage() {
  const { m } = useLocale();
  const t = m.neighbourHelp;
  const [tab, setTab] = useState('alerts');
  return (
    <>
      <PageHeader title={t.title} hint={t.hint} />
      <Card>
        <Tabs
          activeKey={tab}
          onChange={setTab}
          destroyOnHidden
          items={[
            { key: 'alerts', label: t.tabs.alerts, children: <AlertsTab /> },
            { key: 'neighbours', label: t.tabs.neighbours, children: <NeighboursTab /> },
            { key: 'counts', label: t.tabs.counts, children: <CountsTab /> },
            { key: 'devices', label: t.tabs.devices, children: <DevicesTab /> },
          ]}
        />
      </Card>
    </>
  );
}
