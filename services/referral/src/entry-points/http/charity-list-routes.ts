import { covers } from '@carelink/auth';
import { AppError, sendCsv, sendWorkbook, type ServiceApp } from '@carelink/http';
import type { PolicyPacks } from '@carelink/policy';
import ExcelJS from 'exceljs';
import type { Response } from 'express';
import { z } from 'zod';
import type { ReferralRepository } from '../../data-access/referral-repository';
import {
  CHARITY_LIST_COLUMNS,
  charityListRows,
  handOverListed,
  onCharityList,
  type CharityListRow,
} from '../../domain/charity-list/charity-list';
import { commitReferral, type ReferralCommits } from '../../domain/referral-commits';
import type { ReferralTimers } from '../../domain/referral-timers';
import type { SharedContactRecord } from '../../domain/share-contact/department-contact';
import type { ContactsOnFile } from '../../domain/share-contact/pass-on-to-departments';

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month, YYYY-MM');

const cell = (row: CharityListRow, key: keyof CharityListRow) => {
  const v = row[key];
  return key === 'person' ? row.person.name : (v ?? '');
};

async function sendListXlsx(res: Response, title: string, rows: CharityListRow[], filename: string): Promise<void> {
  const book = new ExcelJS.Workbook();
  book.creator = 'carelink';
  const sheet = book.addWorksheet('慈善救济转介名单');
  sheet.addRow([title]).font = { bold: true, size: 14 };
  sheet.addRow(CHARITY_LIST_COLUMNS.map((c) => c.header)).font = { bold: true };
  for (const r of rows) sheet.addRow(CHARITY_LIST_COLUMNS.map((c) => cell(r, c.key)));
  sheet.columns.forEach((col) => (col.width = 18));
  await sendWorkbook(res, book, filename);
}

/**
 * The county's monthly lists for charities (慈善救济, 000 三(六)7): read (JSON, CSV or XLSX, audited) and handed
 * over (the referrals on it are then sent to the charity). Only the caller's jurisdiction, only consented people.
 */
export function charityListRoutes(
  app: ServiceApp,
  deps: {
    policies: PolicyPacks;
    referrals: ReferralRepository;
    commits: ReferralCommits;
    timers: ReferralTimers;
    contacts: ContactsOnFile;
  },
): void {
  const charityOf = (region: string, code: string) => {
    const charity = deps.policies.get(region)?.receivers.find((r) => r.code === code && r.kind === 'charity');
    if (!charity) throw AppError.notFound('charity', '慈善组织');
    return charity;
  };
  const listed = async (region: string, code: string, m: string, jurisdiction: string) =>
    (await deps.referrals.forReceiverInMonth(code, region, m)).filter(
      (r) => covers({ jurisdiction }, r.township) && onCharityList(r),
    );

  app.route({
    method: 'get',
    path: '/charity-lists/:charityCode/:month',
    summary:
      "A charity's monthly list (慈善救济转介名单) of the caller's jurisdiction: the people routed to it by the charity-relief mode in that month (China time) who consented, minimised (name, township, village, item, what they are listed as, phone only if consented; never an ID number), each with when it was handed over; format=csv or xlsx to download (audited)",
    roles: ['county_officer'],
    reads: { resource: 'referral', list: true },
    query: z.object({ format: z.enum(['json', 'csv', 'xlsx']).default('json') }),
    handle: async ({ req, query, principal, res }) => {
      const code = String(req.params.charityCode);
      const m = month.safeParse(String(req.params.month));
      if (!m.success) throw AppError.badRequest('invalid_month', 'month is YYYY-MM', '月份格式应为YYYY-MM');
      const charity = charityOf(principal.region, code);
      const pack = deps.policies.get(principal.region)!;
      const referrals = await listed(principal.region, code, m.data, principal.jurisdiction);
      const contacts = new Map<string, SharedContactRecord>();
      for (const r of referrals) {
        const c = await deps.contacts.of(r.caseId);
        if (c) contacts.set(r.caseId, c as SharedContactRecord);
      }
      const rows = charityListRows(pack, referrals, contacts);
      const title = `${charity.name} ${m.data} 慈善救济转介名单`;
      const filename = `charity-list-${code}-${m.data}`;
      if (query.format === 'csv')
        return () =>
          sendCsv(
            res,
            CHARITY_LIST_COLUMNS.map((c) => c.header),
            rows.map((r) => CHARITY_LIST_COLUMNS.map((c) => cell(r, c.key))),
            filename,
          );
      if (query.format === 'xlsx') return () => sendListXlsx(res, title, rows, filename);
      return {
        charity: { code: charity.code, name: charity.name, demo: charity.demo },
        month: m.data,
        jurisdiction: principal.jurisdiction,
        items: rows,
      };
    },
  });

  app.route({
    method: 'post',
    path: '/charity-lists/:charityCode/:month/handover',
    summary:
      'The county hands a charity its monthly list: every referral on it not yet handed over is sent to the charity (awaiting_list → requested, by the caller, now), which answers it in its inbox; returns the referrals handed over',
    roles: ['county_officer'],
    handle: async ({ req, principal }) => {
      const code = String(req.params.charityCode);
      const m = month.safeParse(String(req.params.month));
      if (!m.success) throw AppError.badRequest('invalid_month', 'month is YYYY-MM', '月份格式应为YYYY-MM');
      charityOf(principal.region, code);
      const waiting = (await listed(principal.region, code, m.data, principal.jurisdiction)).filter(
        (r) => r.status === 'awaiting_list',
      );
      const handedOver: string[] = [];
      for (const r of waiting) {
        const after = await commitReferral(deps, r.referralId, (current, ctx) =>
          handOverListed(current, principal.sub, ctx),
        );
        if (after?.status === 'requested') handedOver.push(r.referralId);
      }
      return { charityCode: code, month: m.data, handedOver };
    },
  });
}
