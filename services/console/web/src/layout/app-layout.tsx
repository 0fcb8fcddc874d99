import { LogoutOutlined, MenuFoldOutlined, MenuUnfoldOutlined, UserOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Layout, Menu, Select, Space, Tag, Typography } from 'antd';
import { Suspense, useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { signOut, type Session } from '../api/bff';
import { useDirectory } from '../api/directory';
import { errorMessage } from '../api/problem';
import { setCsrfToken } from '../api/session-events';
import { SESSION_KEY, useSession } from '../auth/session';
import { PageLoading } from '../components/page-loading';
import { useLocale } from '../i18n/locale';
import type { Locale } from '../i18n/messages';
import { menuOf } from '../routes';

const { Header, Sider, Content, Footer } = Layout;

/** The frame of every signed-in page: dark menu on the left, the platform and the account on top. */
export function AppLayout() {
  const { m, locale, setLocale } = useLocale();
  const session = useSession();
  const account = session.data?.account;
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [collapsed, setCollapsed] = useState(false);
  const { directory } = useDirectory();
  if (!account) return null;

  const menu = menuOf(account.role, directory);
  const selected = menu.filter((r) => location.pathname === r.path || location.pathname.startsWith(`${r.path}/`));

  const onSignOut = async () => {
    try {
      await signOut();
    } catch (err) {
      // The session may already be gone on the server; the browser forgets it either way.
      void message.warning(errorMessage(err, m.errors.network));
    }
    setCsrfToken(undefined);
    queryClient.clear();
    queryClient.setQueryData<Session | null>(SESSION_KEY, null);
    void navigate('/login', { replace: true });
  };

  return (
    <Layout className="console-layout">
      <Sider
        className="console-sider no-print"
        theme="dark"
        width={216}
        collapsedWidth={64}
        collapsed={collapsed}
        trigger={null}
        breakpoint="lg"
        onBreakpoint={(broken) => setCollapsed(broken)}
      >
        <div className="console-brand" aria-hidden={collapsed}>
          <span className="console-brand-mark">救</span>
          {!collapsed && <span className="console-brand-text">{m.app.platformShort}</span>}
        </div>
        <nav aria-label={m.app.menu}>
          <Menu
            theme="dark"
            mode="inline"
            data-testid="main-menu"
            selectedKeys={selected.map((r) => r.path)}
            onClick={({ key }) => void navigate(key)}
            items={menu.map((r) => ({
              key: r.path,
              icon: r.menu!.icon,
              label: (
                <Link to={r.path} data-testid={`menu-${r.path.slice(1)}`}>
                  {r.menu!.label(m)}
                </Link>
              ),
            }))}
          />
        </nav>
      </Sider>
      <Layout>
        <Header className="console-header no-print">
          <Space size="middle" align="center">
            <Button
              type="text"
              className="console-header-button"
              aria-label={collapsed ? m.app.expandMenu : m.app.collapseMenu}
              icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
              onClick={() => setCollapsed(!collapsed)}
            />
            <Typography.Title level={1} className="console-title">
              {m.app.platformName}
            </Typography.Title>
          </Space>
          <Space size="middle" align="center" className="console-account" data-testid="account-bar">
            <span className="console-account-name">
              <UserOutlined aria-hidden /> <span data-testid="account-name">{account.displayName}</span>
            </span>
            <Tag color="gold" data-testid="account-role">
              {m.roles[account.role]}
            </Tag>
            <span className="console-account-place" title={m.app.jurisdiction} data-testid="account-jurisdiction">
              {account.jurisdictionName ?? account.jurisdiction}
            </span>
            <Select<Locale>
              size="small"
              value={locale}
              aria-label={m.app.language}
              data-testid="language-switch"
              onChange={(l) => setLocale(l)}
              options={[
                { value: 'zh-CN', label: '简体中文' },
                { value: 'en', label: 'English' },
              ]}
              style={{ width: 104 }}
            />
            <Button
              size="small"
              icon={<LogoutOutlined />}
              onClick={() => void onSignOut()}
              data-testid="sign-out"
              aria-label={m.app.signOut}
            >
              {m.app.signOut}
            </Button>
          </Space>
        </Header>
        <Content className="console-content">
          <Suspense fallback={<PageLoading />}>
            <Outlet />
          </Suspense>
        </Content>
        <Footer className="console-footer no-print">{m.app.footer}</Footer>
      </Layout>
    </Layout>
  );
}
