import { Alert, Card, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { lazy, Suspense, useState } from 'react';
import { useSession } from '../../auth/session';
import { PageLoading } from '../../components/page-loading';
import { PageHeader } from '../../components/page-header';
import { PlaceSelect } from '../../components/place-select';
import { useLocale } from '../../i18n/locale';
import { StatementDetail } from './statement-detail';
import { MonthFilter } from './list-parts';
import { MonthStatements } from '../township/month-statements';

const CountyStatements = lazy(() => import('../county/statements'));

/** The provider's own monthly statement: its provider is the account's, the month and a township are picked. */
function ProviderStatements() {
  const { m } = useLocale();
  const t = m.provider.statements;
  const session = useSession();
  const providerId = session.data?.account.providerId;
  const [month, setMonth] = useState<Dayjs>(() => dayjs());
  const [township, setTownship] = useState<string>();
  return (
    <>
      <PageHeader title={t.title} hint={t.hint} />
      <Card>
        <Space wrap className="filter-bar" data-testid="statement-filters">
          <MonthFilter
            id="statement-month"
            label={t.month}
            value={month}
            onChange={setMonth}
            testId="statement-month"
          />
          <PlaceSelect level="township" value={township} onChange={setTownship} testId="statement-township" />
        </Space>
        {providerId && <MonthStatements month={month.format('YYYY-MM')} township={township} desk="provider" />}
        {providerId ? (
          <StatementDetail
            providerId={providerId}
            month={month.format('YYYY-MM')}
            township={township}
            providerName={session.data?.account.displayName}
          />
        ) : (
          <Alert type="warning" showIcon title={m.errors.forbidden} />
        )}
      </Card>
    </>
  );
}

/**
 * `/statements` (结算对账 / 结算审核): provider staff read their own provider's statements; county officers read
 * every provider's of their jurisdiction (pages/county/statements.tsx). One route, so one page decides by role.
 */
export default function StatementsPage() {
  const session = useSession();
  if (session.data?.account.role === 'county_officer')
    return (
      <Suspense fallback={<PageLoading />}>
        <CountyStatements />
      </Suspense>
    );
  return <ProviderStatements />;
}
