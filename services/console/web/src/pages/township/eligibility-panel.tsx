import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import { Alert, Card, Descriptions, List, Skeleton, Space, Tag, Typography } from 'antd';
import { useNames } from '../../api/directory';
import { errorMessage } from '../../api/problem';
import type { EligibilityView } from '../../api/views';
import { nameOf } from '../../i18n/domain-names';
import { useLocale } from '../../i18n/locale';

/** What the region's rules say about each requested item, rule by rule, as the service explains it. */
export function EligibilityPanel({
  eligibility,
  loading,
  error,
}: {
  eligibility: EligibilityView | undefined;
  loading: boolean;
  error: unknown;
}) {
  const { m, names: fixed } = useLocale();
  const names = useNames();
  const docNames = (kinds: string[]) => kinds.map((k) => nameOf(fixed.attachmentKind, k)).join('、');
  const status = eligibility?.assistanceStatus;
  const groups = (codes: string[]) => (codes.length ? codes.map((g) => names.group(g)).join('、') : '—');
  if (loading) return <Skeleton active />;
  if (error) return <Alert type="error" showIcon title={errorMessage(error, m.errors.network)} />;
  if (!eligibility) return null;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="eligibility-panel">
      <Typography.Text type="secondary">{m.eligibilityPanel.packVersion(eligibility.packVersion)}</Typography.Text>
      {status && (
        <Card
          size="small"
          data-testid="eligibility-status"
          title={
            <Space>
              <span>{m.eligibilityPanel.status}</span>
              <Tag color={status.basis === 'declared' ? 'orange' : 'blue'}>
                {m.eligibilityPanel.basis[status.basis] ?? status.basis}
              </Tag>
            </Space>
          }
        >
          <Descriptions size="small" column={1}>
            <Descriptions.Item label={m.eligibilityPanel.declared}>
              {status.declared.status === 'declared'
                ? groups(status.declared.groups)
                : nameOf(fixed.declaredStatus, status.declared.status)}
            </Descriptions.Item>
            <Descriptions.Item label={m.eligibilityPanel.verified}>
              {status.verified
                ? status.verified.length
                  ? status.verified
                      .map((v) => `${names.group(v.status)}（${names.register(v.register)}，${v.documentRef}）`)
                      .join('、')
                  : '—'
                : m.investigationForm.statusesNotChecked}
            </Descriptions.Item>
          </Descriptions>
          <Typography.Text type="secondary">{status.explanation}</Typography.Text>
        </Card>
      )}
      {eligibility.items.map((item) => (
        <Card
          key={item.itemCode}
          size="small"
          data-testid={`eligibility-${item.itemCode}`}
          title={
            <Space>
              <span>{names.item(item.itemCode)}</span>
              <Tag color={item.eligible ? 'green' : 'red'}>
                {item.eligible ? m.eligibilityPanel.eligible : m.eligibilityPanel.notEligible}
              </Tag>
            </Space>
          }
        >
          {item.documents && (
            <div data-testid={`eligibility-documents-${item.itemCode}`} style={{ marginBottom: 8 }}>
              <Typography.Text strong>{m.eligibilityPanel.documents}：</Typography.Text>
              <Typography.Text>{docNames(item.documents.required)}</Typography.Text>{' '}
              {item.documents.missing.length > 0 ? (
                <Tag color="orange">{m.eligibilityPanel.documentsMissing(docNames(item.documents.missing))}</Tag>
              ) : (
                <Tag color="green">{m.eligibilityPanel.documentsComplete}</Tag>
              )}
            </div>
          )}
          <List
            size="small"
            dataSource={item.outcomes}
            renderItem={(o) => (
              <List.Item>
                <Space align="start">
                  {o.passed ? (
                    <CheckCircleFilled style={{ color: '#389e0d' }} aria-label={m.eligibilityPanel.passed} role="img" />
                  ) : (
                    <CloseCircleFilled style={{ color: '#cf1322' }} aria-label={m.eligibilityPanel.failed} role="img" />
                  )}
                  <Typography.Text strong>{m.eligibilityPanel.rules[o.rule] ?? o.rule}</Typography.Text>
                  <Typography.Text>{o.explanation}</Typography.Text>
                </Space>
              </List.Item>
            )}
          />
        </Card>
      ))}
    </Space>
  );
}
