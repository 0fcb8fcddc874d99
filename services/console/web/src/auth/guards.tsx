import { Alert, Button, Result } from 'antd';
import type { ReactNode } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router-dom';
import type { ConsoleRole } from '../api/bff';
import { NamesProvider } from '../api/directory';
import { errorMessage } from '../api/problem';
import { PageLoading } from '../components/page-loading';
import { useLocale } from '../i18n/locale';
import { ForbiddenPage } from '../pages/common/status-pages';
import { mustChangePassword, useSession } from './session';

/** Pages behind it need a signed-in session whose password need not be changed first; else /login. */
export function RequireSession() {
  const session = useSession();
  const location = useLocation();
  const { m } = useLocale();
  if (session.isPending) return <PageLoading />;
  if (session.isError)
    return (
      <Result
        status="warning"
        title={m.errors.loadFailed}
        subTitle={<Alert type="error" showIcon title={errorMessage(session.error, m.errors.network)} />}
        extra={
          <Button type="primary" onClick={() => void session.refetch()}>
            {m.app.retry}
          </Button>
        }
      />
    );
  if (!session.data || mustChangePassword(session.data))
    return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return (
    <NamesProvider>
      <Outlet />
    </NamesProvider>
  );
}

/** A page of some roles only: others get 403 (the menu does not offer it to them). */
export function RequireRole({ roles, children }: { roles: readonly ConsoleRole[]; children: ReactNode }) {
  const session = useSession();
  const role = session.data?.account.role;
  if (!role || !roles.includes(role)) return <ForbiddenPage />;
  return <>{children}</>;
}
