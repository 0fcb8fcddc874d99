import type { Session } from '../api/bff';

/**
 * What the page was served with (the BFF writes it into index.html, services/console/src/entry-points/http/web-app.ts):
 * the session it was opened in, null when nobody is signed in, and the directory of the account's region. Undefined
 * when the page came without it (the Vite development server): the app then asks the BFF, as it always can.
 */
export interface PageBoot {
  session: Session | null;
  directory?: Record<string, unknown>;
}

/** The id of the data block (BOOT_ELEMENT_ID in the BFF). */
const BOOT_ELEMENT_ID = 'console-boot';

let read = false;
let boot: PageBoot | undefined;

/** The page's boot data, read once; the data block is then removed (the CSRF token does not stay in the document). */
export function pageBoot(): PageBoot | undefined {
  if (read) return boot;
  read = true;
  const element = document.getElementById(BOOT_ELEMENT_ID);
  if (!element?.textContent) return undefined;
  try {
    const parsed = JSON.parse(element.textContent) as Partial<PageBoot>;
    if (parsed.session !== undefined) boot = parsed as PageBoot;
  } catch {
    // A damaged block: the app asks the BFF.
  }
  element.remove();
  return boot;
}
