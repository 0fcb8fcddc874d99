import { FileSearchOutlined, NotificationOutlined, ProfileOutlined, UnorderedListOutlined } from '@ant-design/icons';
import { HeartOutlined } from '@ant-design/icons'; // neighbour help
import { FolderOpenOutlined } from '@ant-design/icons'; // person files
import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import { matchPath } from 'react-router-dom';
import type { ConsoleRole } from './api/bff';
import type { Directory } from './api/directory-read';
import type { Messages } from './i18n/messages';
import { CustomerServiceOutlined, PhoneOutlined, SolutionOutlined, SoundOutlined } from '@ant-design/icons'; // hotline
import { ApiOutlined, InboxOutlined } from '@ant-design/icons'; // department
import {
  AuditOutlined,
  BarChartOutlined,
  CheckSquareOutlined,
  FileProtectOutlined,
  GiftOutlined,
  HistoryOutlined,
  ShopOutlined,
  TeamOutlined,
} from '@ant-design/icons'; // county
import { AccountBookOutlined, CalendarOutlined, IdcardOutlined, ScheduleOutlined } from '@ant-design/icons'; // provider

/**
 * The console's pages: one line each, with the roles that may use it and, for those in the menu, its label and
 * icon. A role sees in its menu only the pages listed for it; typing another page's address shows 403, and an
 * address listed for nobody shows 404. Pages live under pages/<role>/ and are loaded when first opened.
 * Other roles' pages are appended here (keep each role's block together).
 */
export interface ConsoleRoute {
  path: string;
  roles: readonly ConsoleRole[];
  page: LazyExoticComponent<ComponentType> & { preload: () => Promise<unknown> };
  /** In the menu, with this label (from the dictionary) and icon; a detail page (`/cases/:caseId`) has none. */
  menu?: { label: (m: Messages) => string; icon: ReactNode };
  /**
   * In the menu only when the region's pack provides what the page is for (read from the account's directory);
   * none = always. Not a region's name: a third city's pack decides by its contents.
   */
  menuWhen?: (directory: Directory) => boolean;
}

/**
 * A page loaded when first opened, which can also be fetched ahead (`preload`): the page the browser opens on is
 * fetched before the first render (main.tsx). A page whose code is already here renders at once: its loader then
 * answers synchronously (a thenable React reads at once), so there is no loading frame and no second render.
 */
function page$(load: () => Promise<{ default: ComponentType }>) {
  let loaded: { default: ComponentType } | undefined;
  const preload = () => load().then((module) => (loaded = module));
  const here = (module: { default: ComponentType }) =>
    ({ then: (done: (m: typeof module) => void) => done(module) }) as unknown as Promise<typeof module>;
  return Object.assign(
    lazy(() => (loaded ? here(loaded) : preload())),
    { preload },
  );
}

/** Township work: the township caseworker; village coordinators investigate (no decisions, referrals, complaints). */
const TOWNSHIP: readonly ConsoleRole[] = ['township_caseworker', 'village_coordinator'];

export const consoleRoutes: ConsoleRoute[] = [
  // township_caseworker, village_coordinator (pages/township)
  {
    path: '/worklist',
    roles: TOWNSHIP,
    page: page$(() => import('./pages/township/worklist-page')),
    menu: { label: (m) => m.nav.worklist, icon: <UnorderedListOutlined /> },
  },
  {
    path: '/search',
    roles: TOWNSHIP,
    page: page$(() => import('./pages/township/search-page')),
    menu: { label: (m) => m.nav.search, icon: <FileSearchOutlined /> },
  },
  {
    path: '/needs-ledger',
    roles: TOWNSHIP,
    page: page$(() => import('./pages/township/needs-ledger-page')),
    menu: { label: (m) => m.nav.needsLedger, icon: <ProfileOutlined /> },
  },
  {
    path: '/public-notice',
    roles: TOWNSHIP,
    page: page$(() => import('./pages/township/public-notice-page')),
    menu: { label: (m) => m.nav.publicNotice, icon: <NotificationOutlined /> },
  },
  {
    // 月度结算: the month's provider statements; the township confirms them.
    path: '/settlement',
    roles: ['township_caseworker'],
    page: page$(() => import('./pages/township/statements-page')),
    menu: { label: (m) => m.settlement.title, icon: <AccountBookOutlined /> },
  },
  {
    // 服务方案审核: providers' plans awaiting the township's approval.
    path: '/plan-reviews',
    roles: ['township_caseworker'],
    page: page$(() => import('./pages/township/plan-review-page')),
    menu: { label: (m) => m.provider.review.nav, icon: <CheckSquareOutlined /> },
  },
  {
    // 邻里互助·爱心门铃: neighbours, their counted visits, doorbells and their alerts (live).
    path: '/neighbour-help',
    roles: TOWNSHIP,
    page: page$(() => import('./pages/township/neighbour-help-page')),
    menu: { label: (m) => m.neighbourHelp.nav, icon: <HeartOutlined /> },
  },
  {
    // Also the county's: its approvals open the case to decide at county level.
    path: '/cases/:caseId',
    roles: [...TOWNSHIP, 'county_officer'],
    page: page$(() => import('./pages/township/case-page')),
  },
  // hotline_operator (pages/hotline)
  {
    path: '/hotline/complaints',
    roles: ['hotline_operator'],
    page: page$(() => import('./pages/hotline/complaints-page')),
    menu: { label: (m) => m.hotline.nav.complaints, icon: <SolutionOutlined /> },
  },
  {
    // Opened from the queue's 登记投诉 and from a chat (?caseNumber=).
    path: '/hotline/complaints/new',
    roles: ['hotline_operator'],
    page: page$(() => import('./pages/hotline/new-complaint-page')),
  },
  {
    path: '/hotline/chats',
    roles: ['hotline_operator'],
    page: page$(() => import('./pages/hotline/chats-page')),
    menu: { label: (m) => m.hotline.nav.chats, icon: <CustomerServiceOutlined /> },
  },
  {
    path: '/hotline/calls',
    roles: ['hotline_operator'],
    page: page$(() => import('./pages/hotline/calls-page')),
    menu: { label: (m) => m.hotline.nav.calls, icon: <SoundOutlined /> },
  },
  {
    path: '/hotline/call-backs',
    roles: ['hotline_operator'],
    page: page$(() => import('./pages/hotline/call-backs-page')),
    menu: { label: (m) => m.hotline.nav.callBacks, icon: <PhoneOutlined /> },
  },
  // department_staff (pages/department)
  {
    path: '/referrals',
    roles: ['department_staff'],
    page: page$(() => import('./pages/department/referrals-page')),
    menu: { label: (m) => m.department.nav.referrals, icon: <InboxOutlined /> },
  },
  {
    path: '/webhooks',
    roles: ['department_staff'],
    page: page$(() => import('./pages/department/webhooks-page')),
    menu: { label: (m) => m.department.nav.webhooks, icon: <ApiOutlined /> },
  },
  // county_officer (pages/county); its cases open on /cases/:caseId, its statements on /statements (below)
  {
    path: '/approvals',
    roles: ['county_officer'],
    page: page$(() => import('./pages/county/approvals-page')),
    menu: { label: (m) => m.county.nav.approvals, icon: <AuditOutlined /> },
  },
  {
    path: '/dashboard',
    roles: ['county_officer'],
    page: page$(() => import('./pages/county/dashboard-page')),
    menu: { label: (m) => m.county.nav.dashboard, icon: <BarChartOutlined /> },
  },
  {
    path: '/contracts',
    roles: ['county_officer'],
    page: page$(() => import('./pages/county/contracts-page')),
    menu: { label: (m) => m.county.nav.contracts, icon: <FileProtectOutlined /> },
  },
  {
    path: '/providers',
    roles: ['county_officer'],
    page: page$(() => import('./pages/county/providers-page')),
    menu: { label: (m) => m.county.nav.providers, icon: <ShopOutlined /> },
  },
  {
    path: '/spot-checks',
    roles: ['county_officer'],
    page: page$(() => import('./pages/county/spot-checks-page')),
    menu: { label: (m) => m.county.nav.spotChecks, icon: <CheckSquareOutlined /> },
  },
  {
    path: '/audit',
    roles: ['county_officer'],
    page: page$(() => import('./pages/county/audit-page')),
    menu: { label: (m) => m.county.nav.audit, icon: <HistoryOutlined /> },
  },
  {
    path: '/charity-lists',
    roles: ['county_officer'],
    page: page$(() => import('./pages/county/charity-lists-page')),
    menu: { label: (m) => m.county.nav.charityLists, icon: <GiftOutlined /> },
  },
  {
    path: '/accounts',
    roles: ['county_officer'],
    page: page$(() => import('./pages/county/accounts-page')),
    menu: { label: (m) => m.county.nav.accounts, icon: <TeamOutlined /> },
  },
  // provider_staff (pages/provider)
  {
    path: '/assignments',
    roles: ['provider_staff'],
    page: page$(() => import('./pages/provider/assignments-page')),
    menu: { label: (m) => m.provider.nav.assignments, icon: <ScheduleOutlined /> },
  },
  {
    path: '/visits',
    roles: ['provider_staff'],
    page: page$(() => import('./pages/provider/visits-page')),
    menu: { label: (m) => m.provider.nav.visits, icon: <CalendarOutlined /> },
  },
  {
    // 上门签到签退: a worker's check-in and check-out of one visit (phone), the one-time code after check-out.
    path: '/visits/:visitId/check',
    roles: ['provider_staff'],
    page: page$(() => import('./pages/provider/check-visit-page')),
  },
  {
    path: '/workers',
    roles: ['provider_staff'],
    page: page$(() => import('./pages/provider/workers-page')),
    menu: { label: (m) => m.provider.nav.workers, icon: <IdcardOutlined /> },
  },
  {
    // The county's too (结算审核, every provider's); one page serves both roles (pages/provider/statements-page).
    path: '/statements',
    roles: ['provider_staff', 'county_officer'],
    page: page$(() => import('./pages/provider/statements-page')),
    menu: { label: (m) => m.provider.nav.statements, icon: <AccountBookOutlined /> },
  },
  {
    // 资金来源: the county-year's funding sources, the purchased-services cap and the allocation ledger (settlement)
    path: '/funding',
    roles: ['county_officer'],
    page: page$(() => import('./pages/county/funding-page')),
    menu: { label: (m) => m.funding.title, icon: <AccountBookOutlined /> },
  },
  {
    // 低保金增发部分使用同意 (Changji): the families' consents, recorded by the township (settlement)
    path: '/top-up-consents',
    roles: ['township_caseworker'],
    page: page$(() => import('./pages/township/top-up-consents-page')),
    menu: { label: (m) => m.funding.topUps.title, icon: <AccountBookOutlined /> },
    menuWhen: (directory) => directory.dibaoTopUp === true,
  },
  {
    // 邻里互助补贴: the neighbours' yearly subsidies (settlement), the township's and the county's
    path: '/neighbour-subsidies',
    roles: ['township_caseworker', 'county_officer'],
    page: page$(() => import('./pages/township/neighbour-subsidies-page')),
    menu: { label: (m) => m.supervision.neighbourSubsidies.title, icon: <HeartOutlined /> },
  },
  // 一人一档: the files by service number, the township's and the county's (pages/person-file); last, so that
  // neither role's home page changes
  {
    path: '/files',
    roles: ['township_caseworker', 'county_officer'],
    page: page$(() => import('./pages/person-file/person-files-page')),
    menu: { label: (m) => m.personFile.nav, icon: <FolderOpenOutlined /> },
  },
  {
    path: '/files/:serviceNumber',
    roles: ['township_caseworker', 'county_officer'],
    page: page$(() => import('./pages/person-file/person-file-page')),
  },
];

/** Whether a role may use a route. */
export const mayUse = (route: ConsoleRoute, role: ConsoleRole): boolean => route.roles.includes(role);

/**
 * The menu of a role, in table order; a page shown only for what a region's pack provides is left out until the
 * region's directory says it does.
 */
export const menuOf = (role: ConsoleRole, directory?: Directory): ConsoleRoute[] =>
  consoleRoutes.filter(
    (r) => r.menu && mayUse(r, role) && (!r.menuWhen || (directory !== undefined && r.menuWhen(directory))),
  );

/** Where a role lands after signing in: its first menu page (undefined when it has none yet). */
export const homeOf = (role: ConsoleRole): string | undefined => menuOf(role)[0]?.path;

/** Fetches the code of the page at `pathname` (if it is one of the console's); never fails (the page shows it). */
export async function preloadPageAt(pathname: string): Promise<void> {
  const route = consoleRoutes.find((r) => matchPath(r.path, pathname));
  await route?.page.preload().catch(() => undefined);
}
