import { Alert, Descriptions, Skeleton, Space, Table, Tag } from 'antd';
import { useNames } from '../../api/directory';
import { errorMessage } from '../../api/problem';
import type { CaseView, RequestView } from '../../api/views';
import { formatTime } from '../../components/countdown';
import { nameOf } from '../../i18n/domain-names';
import { useLocale } from '../../i18n/locale';
import { ChannelTag, ItemTags } from './cells';

/** The request as registered: applicant, household, place, groups, items, consent, description. */
export function RequestPanel({
  request,
  caseView,
  loading,
  error,
}: {
  request: RequestView | undefined;
  caseView: CaseView;
  loading: boolean;
  error: unknown;
}) {
  const { m, names: fixed } = useLocale();
  const names = useNames();
  if (loading) return <Skeleton active />;
  const applicant = request?.applicant ?? {
    name: caseView.person.name,
    idNumberMasked: caseView.person.idNumberMasked,
    ageAtRegistration: caseView.person.ageAtRegistration,
  };
  const consent = request?.consent ?? caseView.consent;
  const groups = request?.declaredGroups ?? caseView.declaredGroups ?? [];
  const conditions = request?.declaredConditions ?? caseView.declaredConditions ?? [];
  return (
    <>
      {error ? (
        <Alert type="warning" showIcon title={errorMessage(error, m.errors.network)} style={{ marginBottom: 12 }} />
      ) : null}
      <Descriptions bordered size="small" column={{ xs: 1, md: 2, xl: 3 }} data-testid="request-details">
        <Descriptions.Item label={m.caseDetail.applicant}>{applicant.name}</Descriptions.Item>
        <Descriptions.Item label={m.common.idNumber}>{applicant.idNumberMasked ?? ''}</Descriptions.Item>
        <Descriptions.Item label={m.common.age}>
          {applicant.ageAtRegistration === undefined ? '' : m.common.ageYears(applicant.ageAtRegistration)}
        </Descriptions.Item>
        {request?.applicant?.phone && (
          <Descriptions.Item label={m.caseDetail.phone}>{request.applicant.phone}</Descriptions.Item>
        )}
        {request?.proxy && (
          <Descriptions.Item label={m.caseDetail.proxy}>
            {request.proxy.name}（{request.proxy.relation}）
          </Descriptions.Item>
        )}
        <Descriptions.Item label={m.caseDetail.address} span={2}>
          {names.address(request?.address ?? caseView.address)}
        </Descriptions.Item>
        <Descriptions.Item label={m.common.channel}>
          <ChannelTag channel={request?.channel ?? caseView.channel} />
        </Descriptions.Item>
        <Descriptions.Item label={m.caseDetail.registeredAt}>
          {formatTime(request?.registeredAt ?? caseView.openedAt)}
        </Descriptions.Item>
        <Descriptions.Item label={m.caseDetail.consent}>
          {consent?.given ? (
            <Tag color="green">
              {m.caseDetail.consentGiven(consent.givenBy === 'proxy' ? m.caseDetail.byProxy : m.caseDetail.byApplicant)}
            </Tag>
          ) : (
            <Tag color="orange">{m.caseDetail.consentMissing}</Tag>
          )}
        </Descriptions.Item>
        <Descriptions.Item label={m.caseDetail.declaredGroups} span={2}>
          <Space size={[4, 4]} wrap>
            {groups.map((g) => (
              <Tag key={g} color="geekblue">
                {names.group(g)}
              </Tag>
            ))}
          </Space>
        </Descriptions.Item>
        <Descriptions.Item label={m.caseDetail.declaredConditions}>
          {conditions.length ? conditions.map((c) => names.condition(c)).join('、') : m.common.notEntered}
        </Descriptions.Item>
        <Descriptions.Item label={m.common.items} span={3}>
          <ItemTags codes={request?.items ?? caseView.itemCodes} />
        </Descriptions.Item>
        {request?.description && (
          <Descriptions.Item label={m.caseDetail.description} span={3}>
            {request.description}
          </Descriptions.Item>
        )}
        <Descriptions.Item label={m.caseDetail.caseStatus}>
          {nameOf(fixed.caseStatus, caseView.status)}
        </Descriptions.Item>
      </Descriptions>
      {(request?.household ?? []).length > 0 && (
        <Table
          style={{ marginTop: 16 }}
          size="small"
          pagination={false}
          rowKey={(r, i) => `${r.name}-${i}`}
          title={() => m.caseDetail.household}
          dataSource={request!.household}
          columns={[
            { title: m.common.name, dataIndex: 'name', key: 'name' },
            { title: m.caseDetail.relation, dataIndex: 'relation', key: 'relation' },
            { title: m.common.idNumber, dataIndex: 'idNumberMasked', key: 'id' },
            {
              title: m.common.age,
              key: 'age',
              render: (_, r) => (r.ageAtRegistration === undefined ? '' : m.common.ageYears(r.ageAtRegistration)),
            },
          ]}
        />
      )}
    </>
  );
}
