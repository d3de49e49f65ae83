// Shared test fixture: every page fails its test on a console error, an uncaught exception, a
// failed request (other than one a new document's load cut short) or an HTTP error answer, except the ones a test declares it expects (the 401 of
// a wrong password, say) with `guard.allow(/pattern/)`; and on a translation key or "undefined"
// left on the screen at the end. The app runs under the server's Content Security Policy: every
// page must be served with one, and a violation of it fails the test whatever `guard.allow` says.
import { test as base, expect, type Page } from '@playwright/test';

export type Guard = {
  /** Problems seen so far, as `HTTP 401: <url>`, `console: <text> (<url>)`, `page error: …`. */
  problems: string[];
  /** Declares a problem the test expects; matching problems do not fail it. */
  allow: (pattern: RegExp) => void;
  /** Watches another page (a second browser context, say) the same way. */
  watch: (page: Page) => void;
};

export const test = base.extend<{ guard: Guard }>({
  guard: [async ({ page }, use) => {
    const problems: string[] = [];
    const allowed: RegExp[] = [];
    const pages: Page[] = [];
    // Chromium aborts what a page was still loading when it is replaced by a new document (the
    // login bundle hands over to the whole app that way). Such an abort is no failure; any other is.
    let documents = 0;
    const aborted: { problem: string; documentsBefore: number }[] = [];
    const violations: string[] = [];
    const watch = (watched: Page) => {
      pages.push(watched);
      // Chromium logs most violations to the console; the DOM event also reports the rest.
      void watched.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (event) =>
          console.error(`Content Security Policy violation: ${event.violatedDirective} ${event.blockedURI}`));
      });
      watched.on('domcontentloaded', () => documents++);
      watched.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text())) violations.push(`CSP: ${message.text()}`);
        else if (message.type() === 'error') problems.push(`console: ${message.text()} (${message.location().url})`);
      });
      watched.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
      const started = new WeakMap<object, number>();
      watched.on('request', (request) => started.set(request, documents));
      watched.on('requestfailed', (request) => {
        const problem = `request failed: ${request.url()} ${request.failure()?.errorText}`;
        if (request.failure()?.errorText === 'net::ERR_ABORTED') {
          aborted.push({ problem, documentsBefore: started.get(request) ?? documents });
        } else {
          problems.push(problem);
        }
      });
      watched.on('response', (response) => {
        if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
        if (response.request().resourceType() === 'document' && !response.headers()['content-security-policy']) {
          violations.push(`CSP: no Content-Security-Policy header on ${response.url()}`);
        }
      });
    };
    watch(page);
    await use({ problems, allow: (pattern) => allowed.push(pattern), watch });
    for (const watched of pages) {
      if (watched.isClosed() || !watched.url().startsWith('http')) continue;
      const text = await watched.locator('body').innerText().catch(() => '');
      expect(text, 'a raw translation key on screen').not.toMatch(/Unknown localization|\bundefined\b/);
    }
    // Excused only if a new document loaded after the request was sent.
    problems.push(...aborted.filter((abort) => abort.documentsBefore === documents).map((abort) => abort.problem));
    const unexpected = problems.filter((problem) => !allowed.some((pattern) => pattern.test(problem)));
    expect(unexpected, 'console errors, page errors or failed requests').toEqual([]);
    expect(violations, 'Content Security Policy violations, or a page served without one').toEqual([]);
  }, { auto: true }],
});

export { expect };
