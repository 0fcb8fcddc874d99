import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useLocale } from '../i18n/locale';
import { consoleCall } from './bff';
import { readDirectory } from './directory-read';

export type { Directory, Item, Named, Place } from './directory-read';

export function useDirectory() {
  const query = useQuery({
    queryKey: ['console', 'directory'],
    queryFn: () => consoleCall<Record<string, unknown>>('/console/directory'),
    staleTime: 60 * 60 * 1000,
  });
  const directory = useMemo(() => (query.data ? readDirectory(query.data) : undefined), [query.data]);
  return { directory, ...query };
}

/** Name lookups in the UI's language; a code the directory lacks (or while it loads) shows as itself. */
export function useNames() {
  const { directory } = useDirectory();
  const { locale } = useLocale();
  return useMemo(() => {
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
      /** Places within a jurisdiction code, of one level. */
      placesWithin: (within: string, level: 'township' | 'village') =>
        [...(directory?.places.values() ?? [])].filter((p) => p.level === level && p.code.startsWith(within)),
    };
  }, [directory, locale]);
}
