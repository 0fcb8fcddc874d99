import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Result, Skeleton, Space, Steps, Table, Tabs, Tag, Typography } from 'antd';
import { useRef, type ReactNode } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { useNames } from '../../api/directory';
import { ApiError, errorMessage } from '../../api/problem';
import type { CaseView, ComplaintView } from '../../api/views';
import { useSession } from '../../auth/session';
import { Countdown, formatTime } from '../../components/countdown';
import { nameOf } from '../../i18n/domain-names';
import { useLocale } from '../../i18n/locale';
import { AttachmentList } from './attachment-viewer';
import {
  useAttachments,
  useCase,
  useCaseComplaints,
  useCaseReferrals,
  useEligibility,
  useRequest,
} from './case-queries';
import { ChannelTag } from './cells';
import { DecisionPanel } from './decision-panel';
import { EligibilityPanel } from './eligibility-panel';
import { InvestigationPanel } from './investigation-panel';
import { ReferralPanel } from './referral-panel';
import { RequestPanel } from './request-panel';
import { VisitVerificationPanel } from './visit-verification-panel';

/** Case ids are UUIDs; anything else in the path is a case number (CZ341702-2026-000053). */
const CASE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Section = 'request' | 'investigation' | 'eligibility' | 'decision' | 'referrals' | 'visits' | 'complaints';

/** The section a case opens on: where its work is now. */
function sectionFor(c: CaseView): Section {
  if (c.status === 'open' || c.status === 'investigating') return 'investigation';
  if (c.status === 'investigated' || c.status === 'awaiting_county') return 'decision';
  return 'referrals';
}

/** Whether the region's chain has a county approval (the directory says so, or the case shows it). */
function hasCountyLevel(c: CaseView, levels: ('township' | 'county')[] | undefined): boolean {
  if (levels) return levels.includes('county');
  return c.status === 'awaiting_county' || Boolean(c.decisions?.some((d) => d.level === 'county'));
}

function CaseSteps({ caseView }: { caseView: CaseView }) {
  const { m } = useLocale();
  const names = useNames();
  const county = hasCountyLevel(caseView, names.directory?.approvalLevels);
  type Step = keyof typeof m.caseDetail.steps;
  const keys: Step[] = [
    'registered',
    'investigating',
    'investigated',
    ...(county ? (['county'] as const) : []),
    'decided',
  ];
  const index: Record<CaseView['status'], number> = {
    open: 0,
    investigating: 1,
    investigated: 2,
    awaiting_county: 3,
    decided: keys.length - 1,
  };
  const current = index[caseView.status];
  return (
    <Steps
      size="small"
      current={current}
      status={caseView.status === 'decided' ? 'finish' : 'process'}
      items={keys.map((k) => ({ title: m.caseDetail.steps[k] }))}
      style={{ marginTop: 12 }}
    />
  );
}

function ComplaintsOfCase({ complaints }: { complaints: ComplaintView[] }) {
  const { m, names } = useLocale();
  return (
    <Table<ComplaintView>
      rowKey="complaintId"
      size="small"
      pagination={false}
      dataSource={complaints}
      data-testid="case-complaints-table"
      columns={[
        { title: m.worklist.complaintNumber, key: 'n', dataIndex: 'complaintNumber' },
        { title: m.worklist.complaintType, key: 't', render: (_, c) => nameOf(names.complaintType, c.type) },
        { title: m.worklist.complaintSummary, key: 's', dataIndex: 'summary' },
        {
          title: m.worklist.complaintStatus,
          key: 'st',
          render: (_, c) => <Tag>{nameOf(names.complaintStatus, c.status)}</Tag>,
        },
        { title: m.common.receivedAt, key: 'r', render: (_, c) => formatTime(c.receivedAt) },
        { title: m.worklist.resolveBy, key: 'd', render: (_, c) => <Countdown dueAt={c.resolveBy} /> },
      ]}
    />
  );
}

export default function CasePage() {
  const { caseId: param = '' } = useParams();
  const { m, names: fixed } = useLocale();
  const navigate = useNavigate();
  const names = useNames();
  const session = useSession();
  const role = session.data!.account.role;
  const [params, setParams] = useSearchParams();
  const opening = useRef<{ caseId: string; section: Section }>(undefined);
  // The path may name the case by its number (typed in, or from a search): intake reads requests by number, and
  // everything else is read by the case's id.
  const byNumber = !CASE_ID.test(param);
  const requestByNumber = useRequest(byNumber ? param : undefined);
  const caseQuery = useCase(byNumber ? requestByNumber.data?.caseId : param);
  const c = caseQuery.data;
  const caseId = c?.caseId;
  const requestById = useRequest(byNumber ? undefined : caseId);
  const request = byNumber ? requestByNumber : requestById;
  const attachments = useAttachments(caseId);
  const eligibility = useEligibility(caseId);
  const referrals = useCaseReferrals(caseId);
  const complaints = useCaseComplaints(caseId, role === 'township_caseworker' || role === 'county_officer');

  const failed = caseQuery.error ?? requestByNumber.error;
  if (!failed && (caseQuery.isPending || (byNumber && requestByNumber.isPending)))
    return <Skeleton active paragraph={{ rows: 10 }} />;
  if (failed || !c) {
    const notFound = failed instanceof ApiError && (failed.status === 404 || failed.status === 403);
    return (
      <Result
        status={notFound ? '404' : 'error'}
        title={notFound ? m.caseDetail.notFound : m.errors.loadFailed}
        subTitle={notFound ? undefined : errorMessage(failed, m.errors.network)}
        extra={
          <Button onClick={() => void navigate(-1)} icon={<ArrowLeftOutlined />}>
            {m.app.back}
          </Button>
        }
      />
    );
  }

  const requested = params.get('tab') as Section | null;
  const sections: { key: Section; label: string; children: ReactNode }[] = [
    {
      key: 'request',
      label: m.caseDetail.request,
      children: (
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          <RequestPanel request={request.data} caseView={c} loading={request.isPending} error={request.error} />
          <Card size="small" title={m.caseDetail.attachments}>
            {attachments.error ? (
              <Alert type="error" showIcon title={errorMessage(attachments.error, m.errors.network)} />
            ) : (
              <AttachmentList attachments={attachments.data?.items} loading={attachments.isPending} />
            )}
          </Card>
        </Space>
      ),
    },
    {
      key: 'investigation',
      label: m.caseDetail.investigation,
      children: <InvestigationPanel caseView={c} attachments={attachments.data?.items ?? []} />,
    },
    {
      key: 'eligibility',
      label: m.caseDetail.eligibility,
      children: (
        <EligibilityPanel eligibility={eligibility.data} loading={eligibility.isPending} error={eligibility.error} />
      ),
    },
    {
      key: 'decision',
      label: m.caseDetail.decision,
      children: <DecisionPanel caseView={c} eligibility={eligibility.data} />,
    },
    {
      key: 'referrals',
      label: m.caseDetail.referrals,
      children: (
        <ReferralPanel
          caseView={c}
          referrals={referrals.data?.items}
          loading={referrals.isPending}
          error={referrals.error}
        />
      ),
    },
    // 服务核验: the visits of the case's provider referrals and their recipient's confirmation.
    ...((role === 'township_caseworker' || role === 'county_officer') &&
    (referrals.data?.items ?? []).some((r) => r.route?.kind === 'provider')
      ? [
          {
            key: 'visits' as const,
            label: m.verification.township.tab,
            children: <VisitVerificationPanel referrals={referrals.data!.items} />,
          },
        ]
      : []),
    ...((complaints.data?.items.length ?? 0) > 0
      ? [
          {
            key: 'complaints' as const,
            label: m.caseDetail.complaints,
            children: <ComplaintsOfCase complaints={complaints.data!.items} />,
          },
        ]
      : []),
  ];
  // Opened where the case's work is now; then it stays where the user is (a recorded step does not move the page).
  if (opening.current?.caseId !== c.caseId) opening.current = { caseId: c.caseId, section: sectionFor(c) };
  const active = requested && sections.some((s) => s.key === requested) ? requested : opening.current.section;

  return (
    <div data-testid="case-page" data-case-id={c.caseId} data-case-status={c.status}>
      <Card style={{ marginBottom: 16 }}>
        <Space align="start" style={{ justifyContent: 'space-between', width: '100%' }} wrap>
          <Space orientation="vertical" size={4}>
            <Space wrap>
              <Button
                type="text"
                icon={<ArrowLeftOutlined />}
                aria-label={m.app.back}
                onClick={() => void navigate(-1)}
              />
              <Typography.Title level={2} style={{ margin: 0, fontSize: 20 }} data-testid="case-number">
                {m.caseDetail.title(c.caseNumber)}
              </Typography.Title>
              <Tag color={c.status === 'decided' ? 'green' : 'processing'} data-testid="case-status">
                {nameOf(fixed.caseStatus, c.status)}
              </Tag>
              {(c.escalatedLevels?.length ?? 0) > 0 && <Tag color="red">{m.worklist.escalated}</Tag>}
            </Space>
            <Typography.Text>
              {c.person.name} · {c.person.idNumberMasked ?? ''}
              {c.person.ageAtRegistration !== undefined
                ? ` · ${m.common.ageYears(c.person.ageAtRegistration)}`
                : ''} · {names.address(c.address)} · <ChannelTag channel={c.channel} />
            </Typography.Text>
          </Space>
          <Space orientation="vertical" size={0} style={{ textAlign: 'right' }}>
            <Typography.Text type="secondary">
              {m.common.receivedAt} {formatTime(c.openedAt)}
            </Typography.Text>
            {c.status === 'investigating' && (
              <span>
                {m.worklist.investigationDue}{' '}
                <Countdown dueAt={c.investigation?.dueAt} overdue={c.investigation?.overdue} />
              </span>
            )}
            {(c.status === 'investigated' || c.status === 'awaiting_county') && (
              <span>
                {m.worklist.decisionDue} <Countdown dueAt={c.decisionDueAt} />
              </span>
            )}
          </Space>
        </Space>
        <CaseSteps caseView={c} />
      </Card>
      <Card>
        <Tabs
          activeKey={active}
          onChange={(key) => setParams({ tab: key }, { replace: true })}
          items={sections}
          data-testid="case-tabs"
        />
      </Card>
    </div>
  );
}
