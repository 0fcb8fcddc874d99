import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import { Alert, Card, List, Skeleton, Space, Tag, Typography } from 'antd';
import { useNames } from '../../api/directory';
import { errorMessage } from '../../api/problem';
import type { EligibilityView } from '../../api/views';
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
  const { m } = useLocale();
  const names = useNames();
  if (loading) return <Skeleton active />;
  if (error) return <Alert type="error" showIcon title={errorMessage(error, m.errors.network)} />;
  if (!eligibility) return null;
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="eligibility-panel">
      <Typography.Text type="secondary">{m.eligibilityPanel.packVersion(eligibility.packVersion)}</Typography.Text>
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
