import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, theme } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, Suspense } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { ApiError } from './api/problem';
import { RequireRole, RequireSession } from './auth/guards';
import { LocaleProvider, useLocale } from './i18n/locale';
import { AppLayout } from './layout/app-layout';
import { PageLoading } from './components/page-loading';
import { HomeRedirect, NotFoundPage } from './pages/common/status-pages';
import { consoleRoutes } from './routes';
import { prefersReducedMotion } from './components/reduced-motion';

const LoginPage = lazy(() => import('./pages/common/login-page'));

/** Server state lives in TanStack Query; refused calls (4xx) are not retried, failures of the network are, once. */
const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: false,
      retry: (count, err) => !(err instanceof ApiError && err.status < 500) && count < 1,
    },
    mutations: { retry: false },
  },
});

/** Ant Design in the UI's language, in the restrained blue of government consoles. */
function Themed() {
  const { locale } = useLocale();
  return (
    <ConfigProvider
      locale={locale === 'zh-CN' ? zhCN : enUS}
      theme={{
        algorithm: theme.defaultAlgorithm,
        token: {
          motion: !prefersReducedMotion(),
          colorPrimary: '#1456b8',
          colorLink: '#1456b8',
          // Danger buttons and error text at 4.5:1 on white (antd's default red, #ff4d4f, is 3.3:1).
          colorError: '#cf1322',
          // Secondary text, descriptions and placeholders dark enough to read (WCAG AA, 4.5:1 on white and grey).
          colorTextSecondary: 'rgba(0, 0, 0, 0.66)',
          colorTextDescription: 'rgba(0, 0, 0, 0.66)',
          colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
          colorTextPlaceholder: 'rgba(0, 0, 0, 0.6)',
          borderRadius: 4,
          fontFamily:
            "-apple-system, BlinkMacSystemFont, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Helvetica Neue', Arial, sans-serif",
        },
        components: {
          Layout: { headerBg: '#0f3c84', siderBg: '#0b1f3f', headerHeight: 56, headerPadding: '0 20px' },
          Menu: { darkItemBg: '#0b1f3f', darkSubMenuItemBg: '#08172f', darkItemSelectedBg: '#1456b8' },
        },
      }}
    >
      <AntApp>
        <BrowserRouter>
          <Suspense fallback={<PageLoading />}>
            <Routes>
              <Route path="/login" element={<LoginPage />} />
              <Route element={<RequireSession />}>
                <Route element={<AppLayout />}>
                  <Route index element={<HomeRedirect />} />
                  {consoleRoutes.map((r) => (
                    <Route
                      key={r.path}
                      path={r.path}
                      element={
                        <RequireRole roles={r.roles}>
                          <r.page />
                        </RequireRole>
                      }
                    />
                  ))}
                  <Route path="/home" element={<Navigate to="/" replace />} />
                  <Route path="*" element={<NotFoundPage />} />
                </Route>
              </Route>
            </Routes>
          </Suspense>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}

export function ConsoleApp() {
  return (
    <QueryClientProvider client={queryClient}>
      <LocaleProvider>
        <Themed />
      </LocaleProvider>
    </QueryClientProvider>
  );
}
