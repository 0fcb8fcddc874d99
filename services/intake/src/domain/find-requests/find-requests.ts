import { channel, DomainError, parseResidentId, residentIdProblemText } from '@carelink/contracts';
import { z } from 'zod';

/**
 * FindRequests: what a township caseworker's worklist and search (综合查询) ask of the requests of their
 * jurisdiction. Pure: the filter and the search term are decided here; data-access turns them into queries.
 */

/** Where a request stands for the worklist: new (no investigation team yet), open (not decided), decided. */
export const requestStage = z.enum(['new', 'open', 'decided']);
export type RequestStage = z.infer<typeof requestStage>;
export type Channel = z.infer<typeof channel>;

/** A place to narrow a list to: a township (9 digits) or a village (12 digits). */
export type Place = { township: string; village?: string };

/** The requests a list asks for, besides "within the caller's jurisdiction and region". */
export interface RequestFilter {
  stage?: RequestStage;
  place?: Place;
  channels?: Channel[];
  itemCode?: string;
  /** Registered at or after `from` and before `to` (instants; days in China time, `to` inclusive, are turned into these). */
  registered?: { from?: Date; to?: Date };
  search?: SearchTerm;
}

/** What a caseworker typed in the one search box: a case number or its serial, an ID number, or a name. */
export type SearchTerm =
  | { kind: 'case_number'; caseNumber: string }
  | { kind: 'serial'; serial: number }
  | { kind: 'id_number'; idNumber: string }
  | { kind: 'name'; name: string };

const CASE_NUMBER = /^[A-Z]{1,4}\d{6}-\d{4}-\d{6}$/;

/**
 * What a search text stands for: a whole case number (CZ341702-2026-000053); its serial tail (53, 000053); an
 * ID number (18 characters, checked: a mistyped one is refused rather than searched as a name); otherwise the
 * applicant's name, whole or its first characters.
 */
export function searchTermOf(text: string): SearchTerm {
  const q = text.trim();
  if (CASE_NUMBER.test(q.toUpperCase())) return { kind: 'case_number', caseNumber: q.toUpperCase() };
  if (/^\d{1,6}$/.test(q)) return { kind: 'serial', serial: Number(q) };
  if (/^\d{17}[\dXx]$/.test(q)) {
    const parsed = parseResidentId(q.toUpperCase());
    if (!parsed.ok)
      throw DomainError.invalid(
        'invalid_id_number',
        `the ID number searched for is not valid: ${residentIdProblemText[parsed.problem].en}`,
        residentIdProblemText[parsed.problem].zh,
      );
    return { kind: 'id_number', idNumber: q.toUpperCase() };
  }
  if (/^\d+$/.test(q))
    throw DomainError.invalid(
      'unknown_search',
      'search by a case number, its serial (up to 6 digits), an ID number (18 characters) or a name',
      '请输入案件编号、身份证号码或姓名',
    );
  return { kind: 'name', name: q };
}

/** Searching by ID number finds a person: only staff who see ID cards at work (not the hotline) may. */
export function assertMaySearch(term: SearchTerm, role: string): void {
  if (term.kind === 'id_number' && !['county_officer', 'township_caseworker', 'village_coordinator'].includes(role))
    throw DomainError.forbidden(
      'search_not_allowed',
      'searching by ID number is for township and county staff; residents are looked up with the code texted to them',
      '您的岗位不能按身份证号码查询',
    );
}

/** The serial of a case number (CZ341702-2026-000053 → 53): what a search by its tail finds it by. */
export function caseSerialOf(caseNumber: string): number | undefined {
  const tail = /-(\d{1,9})$/.exec(caseNumber)?.[1];
  return tail === undefined ? undefined : Number(tail);
}

/** The first characters of a name, one to all of them (陈桂兰 → 陈, 陈桂, 陈桂兰): what a search by name finds it by. */
export function namePrefixes(name: string): string[] {
  const chars = [...name.trim()];
  return chars.map((_, i) => chars.slice(0, i + 1).join('')).slice(0, 50);
}

const CHINA_OFFSET_MS = 8 * 3600_000;

/** The instant a China calendar day (YYYY-MM-DD) starts. */
export function chinaDayStart(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) - CHINA_OFFSET_MS);
}

/** Days in China time (`to` inclusive) as the instants bounding them; a `from` after `to` is refused. */
export function registeredBetween(from?: string, to?: string): { from?: Date; to?: Date } | undefined {
  if (!from && !to) return undefined;
  const range = {
    ...(from ? { from: chinaDayStart(from) } : {}),
    ...(to ? { to: new Date(chinaDayStart(to).getTime() + 86_400_000) } : {}),
  };
  if (range.from && range.to && range.from >= range.to)
    throw DomainError.invalid('invalid_range', `from ${from} is after to ${to}`, '开始日期不能晚于结束日期');
  return range;
}

/** A place code (township 9, village 12 digits) as a place. */
export function placeOf(code: string): Place {
  return code.length === 12 ? { township: code.slice(0, 9), village: code } : { township: code };
}
