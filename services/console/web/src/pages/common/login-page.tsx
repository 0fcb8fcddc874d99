import { LockOutlined, SafetyCertificateOutlined, UserOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Select, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { Navigate, useLocation } from 'react-router-dom';
import { changePassword, fetchSession, signIn, type Session } from '../../api/bff';
import { ApiError, errorMessage } from '../../api/problem';
import { setCsrfToken } from '../../api/session-events';
import { mustChangePassword, SESSION_KEY, useSession } from '../../auth/session';
import { PageLoading } from '../../components/page-loading';
import { useLocale } from '../../i18n/locale';
import type { Locale, Messages } from '../../i18n/messages';
import { homeOf } from '../../routes';

interface SignInForm {
  username: string;
  password: string;
  totp?: string;
}
interface ChangeForm {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

/** Minutes until a lock-out ends, from Retry-After or the problem's `lockedUntil`. */
function lockMinutes(err: ApiError): number | undefined {
  if (err.retryAfterSeconds) return Math.max(1, Math.ceil(err.retryAfterSeconds / 60));
  const until = err.problem.lockedUntil;
  if (typeof until === 'string') {
    const ms = Date.parse(until) - Date.now();
    if (Number.isFinite(ms) && ms > 0) return Math.ceil(ms / 60_000);
  }
  const minutes = err.problem.retryAfterMinutes;
  return typeof minutes === 'number' ? minutes : undefined;
}

/** What the sign-in page says for a refused sign-in, in plain words. */
function signInError(err: unknown, m: Messages): string {
  if (!(err instanceof ApiError)) return errorMessage(err, m.errors.network);
  switch (err.code) {
    case 'invalid_credentials':
      return m.login.invalidCredentials;
    case 'totp_invalid':
      return m.login.totpInvalid;
    case 'account_locked':
      return m.login.locked(lockMinutes(err));
    case 'account_disabled':
      return m.login.disabled;
    default:
      return err.message;
  }
}

export default function LoginPage() {
  const { m, locale, setLocale } = useLocale();
  const session = useSession();
  const queryClient = useQueryClient();
  const location = useLocation();
  const { message } = App.useApp();
  const [form] = Form.useForm<SignInForm>();
  const [changeForm] = Form.useForm<ChangeForm>();
  const [totpNeeded, setTotpNeeded] = useState(false);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const totpRef = useRef<{ focus: () => void } | null>(null);
  const from = (location.state as { from?: string } | null)?.from;

  useEffect(() => {
    if (totpNeeded) totpRef.current?.focus();
  }, [totpNeeded]);

  if (session.isPending) return <PageLoading />;
  const current = session.data;
  const changing = mustChangePassword(current);
  if (current && !changing)
    return <Navigate to={from && from !== '/login' ? from : (homeOf(current.account.role) ?? '/')} replace />;

  const signedIn = (s: Session) => {
    setCsrfToken(s.csrfToken);
    queryClient.setQueryData<Session | null>(SESSION_KEY, s);
  };

  const onSignIn = async (values: SignInForm) => {
    setBusy(true);
    setError(undefined);
    try {
      const s = await signIn({
        username: values.username.trim(),
        password: values.password,
        ...(totpNeeded && values.totp ? { totp: values.totp.trim() } : {}),
      });
      if (mustChangePassword(s)) changeForm.setFieldValue('currentPassword', values.password);
      signedIn(s);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'totp_required') {
        setTotpNeeded(true);
        setError(undefined);
      } else {
        if (err instanceof ApiError && err.code === 'totp_invalid') form.setFieldValue('totp', '');
        setError(signInError(err, m));
      }
    } finally {
      setBusy(false);
    }
  };

  const onChange = async (values: ChangeForm) => {
    setBusy(true);
    setError(undefined);
    try {
      await changePassword({ currentPassword: values.currentPassword, newPassword: values.newPassword });
      // The session stays (with its CSRF token); read it again to learn the password no longer must change.
      const fresh = await fetchSession();
      void message.success(m.login.changed);
      if (fresh) signedIn(fresh);
    } catch (err) {
      setError(
        err instanceof ApiError && err.code === 'invalid_credentials'
          ? m.login.wrongCurrentPassword
          : errorMessage(err, m.errors.network),
      );
    } finally {
      setBusy(false);
    }
  };

  const username = current?.account.username;

  return (
    <main className="login-page">
      <div className="login-language">
        <Select<Locale>
          size="small"
          value={locale}
          aria-label={m.app.language}
          onChange={(l) => setLocale(l)}
          options={[
            { value: 'zh-CN', label: '简体中文' },
            { value: 'en', label: 'English' },
          ]}
          style={{ width: 104 }}
        />
      </div>
      <div className="login-title">
        <Typography.Title level={1}>{m.app.platformName}</Typography.Title>
        <Typography.Text type="secondary">{m.login.subtitle}</Typography.Text>
      </div>
      <Card className="login-card" title={changing ? m.login.changeTitle : m.login.title}>
        {error && (
          <Alert
            type="error"
            showIcon
            title={error}
            role="alert"
            style={{ marginBottom: 16 }}
            data-testid="login-error"
          />
        )}
        {!changing ? (
          <Form<SignInForm>
            form={form}
            layout="vertical"
            requiredMark={false}
            onFinish={(v) => void onSignIn(v)}
            data-testid="login-form"
            autoComplete="on"
          >
            <Form.Item
              label={m.login.username}
              name="username"
              rules={[{ required: true, message: m.login.usernameRequired }]}
            >
              <Input
                prefix={<UserOutlined aria-hidden />}
                autoComplete="username"
                autoFocus
                data-testid="login-username"
              />
            </Form.Item>
            <Form.Item
              label={m.login.password}
              name="password"
              rules={[{ required: true, message: m.login.passwordRequired }]}
            >
              <Input.Password
                prefix={<LockOutlined aria-hidden />}
                autoComplete="current-password"
                data-testid="login-password"
              />
            </Form.Item>
            {totpNeeded && (
              <Form.Item
                label={m.login.totp}
                name="totp"
                extra={m.login.totpHint}
                rules={[{ required: true, pattern: /^\d{6}$/, message: m.login.totpRequired }]}
              >
                <Input
                  ref={(el) => {
                    totpRef.current = el;
                  }}
                  prefix={<SafetyCertificateOutlined aria-hidden />}
                  inputMode="numeric"
                  maxLength={6}
                  autoComplete="one-time-code"
                  data-testid="login-totp"
                />
              </Form.Item>
            )}
            <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">
              {m.login.submit}
            </Button>
            <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0, fontSize: 12 }}>
              {m.login.notice}
            </Typography.Paragraph>
          </Form>
        ) : (
          <Form<ChangeForm>
            form={changeForm}
            layout="vertical"
            requiredMark={false}
            onFinish={(v) => void onChange(v)}
            data-testid="change-password-form"
          >
            <Typography.Paragraph type="secondary">{m.login.changeHint}</Typography.Paragraph>
            <Form.Item
              label={m.login.currentPassword}
              name="currentPassword"
              rules={[{ required: true, message: m.login.passwordRequired }]}
            >
              <Input.Password autoComplete="current-password" data-testid="change-current" />
            </Form.Item>
            <Form.Item
              label={m.login.newPassword}
              name="newPassword"
              rules={[
                { required: true, message: m.login.passwordRequired },
                { min: 10, message: m.login.passwordTooShort },
                {
                  validator: (_, v: string | undefined) =>
                    v && username && v.trim().toLowerCase() === username.toLowerCase()
                      ? Promise.reject(new Error(m.login.passwordSameAsUsername))
                      : Promise.resolve(),
                },
              ]}
            >
              <Input.Password autoComplete="new-password" data-testid="change-new" />
            </Form.Item>
            <Form.Item
              label={m.login.confirmPassword}
              name="confirmPassword"
              dependencies={['newPassword']}
              rules={[
                { required: true, message: m.login.passwordRequired },
                ({ getFieldValue }) => ({
                  validator: (_, v: string | undefined) =>
                    !v || v === getFieldValue('newPassword')
                      ? Promise.resolve()
                      : Promise.reject(new Error(m.login.passwordMismatch)),
                }),
              ]}
            >
              <Input.Password autoComplete="new-password" data-testid="change-confirm" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy} data-testid="change-submit">
              {m.login.changeSubmit}
            </Button>
          </Form>
        )}
      </Card>
    </main>
  );
}
