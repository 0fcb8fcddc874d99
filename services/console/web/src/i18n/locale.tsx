import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import 'dayjs/locale/en';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { setErrorLocale } from '../api/problem';
import { domainNames, type DomainNames } from './domain-names';
import { dictionaries, LOCALES, type Locale, type Messages } from './messages';

const STORAGE_KEY = 'carelink.console.locale';

function storedLocale(): Locale {
  try {
    const v = window.localStorage.getItem(STORAGE_KEY);
    if (v && (LOCALES as string[]).includes(v)) return v as Locale;
  } catch {
    // Storage may be disabled; the default stays.
  }
  return 'zh-CN';
}

function apply(locale: Locale): void {
  dayjs.locale(locale === 'zh-CN' ? 'zh-cn' : 'en');
  setErrorLocale(locale);
  document.documentElement.lang = locale;
}

interface LocaleContextValue {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  /** The app's strings in the current locale. */
  m: Messages;
  /** Names of the platform's fixed codes in the current locale. */
  names: DomainNames;
}

const LocaleContext = createContext<LocaleContextValue | undefined>(undefined);

/** Chinese by default; English when chosen, remembered in localStorage. */
export function LocaleProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(() => {
    const l = storedLocale();
    apply(l);
    return l;
  });
  useEffect(() => apply(locale), [locale]);
  const setLocale = useCallback((l: Locale) => {
    try {
      window.localStorage.setItem(STORAGE_KEY, l);
    } catch {
      // Not remembered; still switched for this page.
    }
    apply(l);
    setLocaleState(l);
  }, []);
  const value = useMemo(
    () => ({ locale, setLocale, m: dictionaries[locale], names: domainNames[locale] }),
    [locale, setLocale],
  );
  return <LocaleContext.Provider value={value}>{children}</LocaleContext.Provider>;
}

export function useLocale(): LocaleContextValue {
  const ctx = useContext(LocaleContext);
  if (!ctx) throw new Error('useLocale outside LocaleProvider');
  return ctx;
}
