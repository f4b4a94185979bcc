// The widget under the strictest policy partners are likely to run (issue 6):
//   default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' <media origin>;
//   connect-src 'self'; require-trusted-types-for 'script'; trusted-types lit-html
// and the same with script-src 'nonce-<random>' 'strict-dynamic' (README, "Content Security Policy"):
// a fresh nonce per response, on every script tag, the package's included; 'self' no longer counts.
// A whole flow, with both builds, and not one violation: neither on the page (listened for from its
// first script) nor in the popup or on the callback page (they report to the test server).
import { expect } from '@open-wc/testing';
import { assertConnected, closePages, connectFirstBank, doc, openPage, until, win } from './helpers.js';

let counter = 0;

async function reports(key: string): Promise<unknown[]> {
  return (await fetch(`/integration/csp-reports/${key}`)).json();
}

/** The nonce of a page's script-src, and the nonce of each of its script tags. */
function nonces(policy: string, html: string): { policy: string | undefined; tags: string[] } {
  const tags = [...html.matchAll(/<script\b[^>]*>/g)].map((tag) => /\snonce="([^"]*)"/.exec(tag[0])?.[1] ?? '');
  return { policy: /script-src 'nonce-([^']+)' 'strict-dynamic'(;|$)/.exec(policy)?.[1], tags };
}

/** Every logo the picker shows loaded from the media origin (the other host name of the test server). */
function logos(frame: HTMLIFrameElement): HTMLImageElement[] {
  const picker = doc(frame).querySelector('finsify-service-picker')!;
  return [...picker.shadowRoot!.querySelectorAll<HTMLImageElement>('img')];
}

describe('strict Content-Security-Policy with Trusted Types', () => {
  afterEach(closePages);

  for (const scripts of ['self', 'nonce'] as const) {
    for (const build of ['iife', 'esm'] as const) {
      const policy = scripts === 'self' ? "script-src 'self'" : "script-src 'nonce-…' 'strict-dynamic'";
      it(`picker and connect run a whole flow with no violation (${build === 'iife' ? 'script tag' : 'ES build'}, ${policy})`, async () => {
        const key = `k${Date.now().toString(36)}${counter++}`;
        const url = `/integration/csp/${key}/${build}/${scripts}`;
        if (scripts === 'nonce') {
          // What the server sends: a nonce in the policy, the same one on every script tag, a new one each time.
          const [first, second] = await Promise.all([fetch(url), fetch(url)]).then((responses) =>
            Promise.all(responses.map(async (response) => nonces(response.headers.get('content-security-policy') ?? '', await response.text()))),
          );
          expect(first!.policy, 'the policy has a nonce and strict-dynamic').to.match(/^[\w+/]{16,}={0,2}$/);
          expect(first!.tags.length, 'script tags on the page').to.be.at.least(3);
          expect(first!.tags, 'every script tag carries the nonce').to.deep.equal(first!.tags.map(() => first!.policy));
          expect(second!.policy, 'a fresh nonce per response').to.not.equal(first!.policy);
        }
        const frame = await openPage(url);
        assertConnected(await connectFirstBank(frame));

        await until(() => logos(frame).some((img) => img.complete && img.naturalWidth > 0), 'a logo loaded from the media origin');
        expect(new URL(logos(frame)[0]!.src).origin).to.not.equal(location.origin);
        // Reports are sent in the background: give the popup's and the callback page's time to arrive.
        await new Promise((resolve) => setTimeout(resolve, 500));
        expect(win(frame).pageErrors, 'errors on the page').to.deep.equal([]);
        expect(win(frame).cspViolations, 'violations on the page').to.deep.equal([]);
        expect(await reports(key), 'violations reported by any page of the flow').to.deep.equal([]);

        // The policy is really in force, and reported: a style attribute from our page is refused.
        doc(frame).body.setAttribute('style', 'outline: 1px solid red');
        await until(() => win(frame).cspViolations!.length === 1, 'the deliberate violation is seen');
        await until(async () => (await reports(key)).length > 0, 'the deliberate violation is reported', 5000);
        expect(await reports(key), 'the deliberate violation is reported').to.have.length(1);

        // Trusted Types (Chromium, and Firefox since 14x): markup strings are refused unless they
        // come from the lit-html policy, so the flow above used none of our own.
        let refused: unknown;
        try {
          doc(frame).body.innerHTML = '<b>x</b>';
        } catch (error) {
          refused = error;
        }
        // The frame's own TypeError, so compared by name.
        expect((refused as Error | undefined)?.name).to.equal('TypeError');
      });
    }
  }
});
