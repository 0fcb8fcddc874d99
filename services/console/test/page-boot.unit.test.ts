import { pageWithBoot } from '../src/entry-points/http/web-app';

const PAGE = '<!doctype html><html><head><title>工作台</title></head><body><div id="root"></div></body></html>';

describe('the page with the session it is opened in', () => {
  it('carries the boot data in a JSON data block at the end of a head without scripts, read back as it was', () => {
    const boot = { session: null };
    const page = pageWithBoot(PAGE, boot);
    expect(page).toBe(
      '<!doctype html><html><head><title>工作台</title>' +
        '<script type="application/json" id="console-boot">{"session":null}</script>' +
        '</head><body><div id="root"></div></body></html>',
    );
  });

  it("puts the block before the head's first script, which runs as soon as it is loaded and reads it", () => {
    const withScripts =
      '<!doctype html><html><head><script type="module" async src="/assets/boot.js"></script><title>工作台</title>' +
      '<script type="module" src="/assets/index.js"></script></head><body></body></html>';
    expect(pageWithBoot(withScripts, { session: null })).toBe(
      '<!doctype html><html><head><script type="application/json" id="console-boot">{"session":null}</script>' +
        '<script type="module" async src="/assets/boot.js"></script><title>工作台</title>' +
        '<script type="module" src="/assets/index.js"></script></head><body></body></html>',
    );
  });

  it('preloads the first data of the page before the data block, each address written as an attribute', () => {
    const page = pageWithBoot(PAGE, { session: null }, ['/api/intake/requests?stage=new&page=1&pageSize=20']);
    expect(page).toBe(
      '<!doctype html><html><head><title>工作台</title>' +
        '<link rel="preload" as="fetch" crossorigin href="/api/intake/requests?stage=new&amp;page=1&amp;pageSize=20">' +
        '<script type="application/json" id="console-boot">{"session":null}</script>' +
        '</head><body><div id="root"></div></body></html>',
    );
  });

  it('writes every < of the data escaped: a name cannot close the block or open an element', () => {
    const hostile = '</script><script>alert(1)</script><!--';
    const boot = {
      session: {
        account: { username: 'x', displayName: hostile, role: 'township_caseworker', region: 'chizhou' },
        csrfToken: 'token',
      },
    } as unknown as Parameters<typeof pageWithBoot>[1];
    const page = pageWithBoot(PAGE, boot);
    const block = /<script type="application\/json" id="console-boot">(.*?)<\/script>/s.exec(page)![1]!;
    expect(block).not.toContain('<');
    expect(page.match(/<script/g)).toHaveLength(1);
    expect(JSON.parse(block)).toEqual(boot);
  });
});
