import { Card, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { PageHeader } from '../../components/page-header';
import { PlaceSelect } from '../../components/place-select';
import { useLocale } from '../../i18n/locale';
import { MonthFilter } from '../provider/list-parts';
import { MonthStatements } from './month-statements';

/**
 * 月度结算 (township): the month's statements of every provider in the township, their lines and the visits not
 * paid with the reasons, holds; the township confirms a statement once its month has ended.
 */
export default function TownshipStatementsPage() {
  const { m } = useLocale();
  const t = m.settlement;
  const [month, setMonth] = useState<Dayjs>(() => dayjs().subtract(1, 'month'));
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
        <MonthStatements month={month.format('YYYY-MM')} township={township} desk="township" />
      </Card>
    </>
  );
}
