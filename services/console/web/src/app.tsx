import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, theme } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import { lazy, Suspense } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { DIRECTORY_KEY } from './api/directory';
import { ApiError } from './api/problem';
import { SESSION_KEY } from './auth/session';
import { takeEarlyData } from './boot/early-data';
import { pageBoot } from './boot/page-boot';
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
/** When the opened page's first data, started before the app ran, is in the query cache (at once without any). */
export const firstDataCached: Promise<void> = seedFromPage(queryClient);

/**
 * What the page came with goes into the cache before the first render: the session and the directory (no request
 * for either on opening a page), and the first data of the opened page, already on its way (boot/early-data.ts).
 */
function seedFromPage(client: QueryClient): Promise<void> {
  const boot = pageBoot();
  if (boot) {
    client.setQueryData(SESSION_KEY, boot.session);
    if (boot.directory) client.setQueryData(DIRECTORY_KEY, boot.directory);
  }
  // prefetchQuery never rejects: a failed answer is the page's to show.
  const cached = takeEarlyData().map(({ key, answer }) =>
    client.prefetchQuery({ queryKey: key, queryFn: () => answer }),
  );
  return Promise.all(cached).then(() => undefined);
}

/**
 * Ant Design in the UI's language, in the restrained blue of government consoles. Its components' styles are the
 * prebuilt antd/dist/antd.css (imported in main.tsx), not generated in the browser on each load (`zeroRuntime`): what
 * is left at run time is the theme below, as CSS variables on the class `cssVar.key`. That key is fixed: antd.css
 * carries its own defaults under React-generated keys (`css-var-_R_0_`), which a key generated here could equal.
 * Static styles have no hash to scope them (`hashed: false`).
 */
function Themed() {
  const { locale } = useLocale();
  return (
    <ConfigProvider
      locale={locale === 'zh-CN' ? zhCN : enUS}
      theme={{
        zeroRuntime: true,
        cssVar: { key: 'carelink-theme' },
        hashed: false,
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
