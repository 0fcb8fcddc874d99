import { Button, Result } from 'antd';
import { Navigate, useNavigate } from 'react-router-dom';
import { useSession } from '../../auth/session';
import { useLocale } from '../../i18n/locale';
import { homeOf } from '../../routes';

export function ForbiddenPage() {
  const { m } = useLocale();
  const navigate = useNavigate();
  return (
    <Result
      status="403"
      title={m.errors.forbiddenTitle}
      subTitle={m.errors.forbidden}
      data-testid="page-forbidden"
      extra={
        <Button type="primary" onClick={() => void navigate('/')}>
          {m.app.back}
        </Button>
      }
    />
  );
}

export function NotFoundPage() {
  const { m } = useLocale();
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      title={m.errors.notFoundTitle}
      subTitle={m.errors.notFound}
      data-testid="page-not-found"
      extra={
        <Button type="primary" onClick={() => void navigate('/')}>
          {m.app.back}
        </Button>
      }
    />
  );
}

/** `/`: the signed-in role's first page (a role whose menu is empty is greeted with who and where it is). */
export function HomeRedirect() {
  const session = useSession();
  const { m } = useLocale();
  const account = session.data?.account;
  const home = account ? homeOf(account.role) : undefined;
  if (home) return <Navigate to={home} replace />;
  return (
    <Result
      status="info"
      title={account ? m.app.welcome(account.displayName) : m.app.platformName}
      subTitle={account ? `${m.roles[account.role]} · ${account.jurisdictionName ?? account.jurisdiction}` : undefined}
    />
  );
}
