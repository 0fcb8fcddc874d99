import { Card, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { PageHeader } from '../../components/page-header';
import { PlaceSelect } from '../../components/place-select';
import { useLocale } from '../../i18n/locale';
import { MonthFilter } from '../provider/list-parts';
import { MonthStatements } from '../township/month-statements';

/**
 * 结算审核 (county): the month's statements of every provider × township within the county (or one township),
 * with state and totals; each opens in full (lines, visits not paid and why, history, exports), and the county
 * approves a confirmed statement and records an approved one as paid.
 */
export default function CountyStatements() {
  const { m } = useLocale();
  const c = m.county.statements;
  const [month, setMonth] = useState<Dayjs>(() => dayjs().subtract(1, 'month'));
  const [township, setTownship] = useState<string>();
  return (
    <>
      <PageHeader title={c.title} hint={m.settlement.countyHint} />
      <Card>
        <Space wrap className="filter-bar" data-testid="statement-filters">
          <MonthFilter
            id="statement-month"
            label={m.settlement.month}
            value={month}
            onChange={setMonth}
            testId="statement-month"
          />
          <PlaceSelect level="township" value={township} onChange={setTownship} testId="statement-township" />
        </Space>
        <MonthStatements month={month.format('YYYY-MM')} township={township} desk="county" />
      </Card>
    </>
  );
}
