import { useQuery } from '@tanstack/react-query';
import { createContext, createElement, useContext, useMemo, type ReactNode } from 'react';
import { useLocale } from '../i18n/locale';
import { consoleCall } from './bff';
import { readDirectory, type Directory } from './directory-read';

export type { Directory, Item, Named, Place } from './directory-read';

/** The cache key of the directory (the page may come with it: boot/page-boot.ts). */
export const DIRECTORY_KEY = ['console', 'directory'] as const;

/** Each answer read once, however many cells of a table name codes from it. */
const read = new WeakMap<Record<string, unknown>, Directory>();
function directoryOf(raw: Record<string, unknown>): Directory {
  let directory = read.get(raw);
  if (!directory) read.set(raw, (directory = readDirectory(raw)));
  return directory;
}

export function useDirectory() {
  const query = useQuery({
    queryKey: DIRECTORY_KEY,
    queryFn: () => consoleCall<Record<string, unknown>>('/console/directory'),
    staleTime: 60 * 60 * 1000,
  });
  const directory = query.data ? directoryOf(query.data) : undefined;
  return { directory, ...query };
}

/** Name lookups in the UI's language for a directory (undefined while it loads: every code shows as itself). */
function namesIn(directory: Directory | undefined, locale: string) {
  const look = (map: Map<string, { name: string; nameEn?: string }> | undefined, code: string | undefined) => {
    if (!code) return '';
    const entry = map?.get(code);
    if (!entry) return code;
    return locale === 'en' && entry.nameEn ? entry.nameEn : entry.name;
  };
  return {
    directory,
    place: (code: string | undefined) => look(directory?.places, code),
    /** Township and village, e.g. 池阳街道 · 长江社区. */
    address: (a: { township?: string; village?: string; detail?: string } | undefined) =>
      a
        ? [look(directory?.places, a.township), a.village ? look(directory?.places, a.village) : '', a.detail ?? '']
            .filter(Boolean)
            .join(' · ')
        : '',
    item: (code: string | undefined) => look(directory?.items, code),
    department: (code: string | undefined) => look(directory?.departments, code),
    group: (code: string | undefined) => look(directory?.targetGroups, code),
    condition: (code: string | undefined) => look(directory?.conditions, code),
    register: (code: string | undefined) => look(directory?.statusRegisters, code),
    provider: (id: string | undefined) => look(directory?.providers, id),
    /** A delivery mode (服务方式) of the region, by a referral's `mode.code`. */
    mode: (code: string | undefined) => look(directory?.modes, code),
    /** A referral's department-type receiver: a department, or a receiver the pack names (党支部、红马夹 …). */
    receiver: (code: string | undefined) =>
      code && directory?.departments.has(code) ? look(directory.departments, code) : look(directory?.receivers, code),
    /** Places within a jurisdiction code, of one level. */
    placesWithin: (within: string, level: 'township' | 'village') =>
      [...(directory?.places.values() ?? [])].filter((p) => p.level === level && p.code.startsWith(within)),
  };
}

export type Names = ReturnType<typeof namesIn>;

const NamesContext = createContext<Names | undefined>(undefined);

/**
 * The name lookups of the signed-in account's directory, for the pages under it (auth/guards.tsx, RequireSession):
 * read once for the page, not once per cell (a worklist names places and items in every row, and a directory
 * query in each cell costs more than the cell).
 */
export function NamesProvider({ children }: { children: ReactNode }) {
  const { directory } = useDirectory();
  const { locale } = useLocale();
  const names = useMemo(() => namesIn(directory, locale), [directory, locale]);
  return createElement(NamesContext.Provider, { value: names }, children);
}

/** Name lookups in the UI's language (NamesProvider); a code the directory lacks (or while it loads) shows as itself. */
export function useNames(): Names {
  const names = useContext(NamesContext);
  if (!names) throw new Error('useNames is for pages under NamesProvider (a signed-in session)');
  return names;
}
