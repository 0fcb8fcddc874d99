import { pageWithBoot } from '../src/entry-points/http/web-app';

const PAGE = '<!doctype html><html><head><title>工作台</title></head><body><div id="root"></div></body></html>';

describe('the page with the session it is opened in', () => {
  it('carries the boot data in a JSON data block at the end of the head, read back as it was', () => {
    const boot = { session: null };
    const page = pageWithBoot(PAGE, boot);
    expect(page).toBe(
      '<!doctype html><html><head><title>工作台</title>' +
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
