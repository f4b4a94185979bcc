// `npm run bench`: the built picker in headless Chromium against a plain `innerHTML` list of the
// same names, measured in the same run. Prints time to first rendered list, keystroke-to-updated-
// list latency (median, p95) and option nodes in the DOM, for 1,000 and 10,000 services, each time
// figure with its ratio to the baseline. "Rendered" means the DOM is updated and laid out (a forced
// synchronous layout), so frame timing does not blur the comparison.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { puppeteerCore } from '@web/test-runner-chrome';
import { ensureBrowsers } from './find-browsers.mjs';

const root = new URL('..', import.meta.url).pathname;
const bundle = join(root, 'dist/finsify-connect.iife.js');
if (process.argv.includes('--no-build') && existsSync(bundle)) {
  console.log('Using the existing build.');
} else {
  console.log('Building the script-tag bundle (vite build --mode iife)...');
  execFileSync(join(root, 'node_modules/.bin/vite'), ['build', '--mode', 'iife', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
}

const pageScript = await readFile(join(root, 'scripts/bench/picker-page.js'), 'utf8');
const server = createServer(async (request, response) => {
  if (request.url === '/bundle.js') {
    response.setHeader('content-type', 'text/javascript');
    response.end(await readFile(bundle));
  } else if (request.url === '/bench.js') {
    response.setHeader('content-type', 'text/javascript');
    response.end(pageScript);
  } else {
    response.setHeader('content-type', 'text/html');
    response.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title>
<style>body{margin:0;font-family:sans-serif} #stage{width:480px} ul{margin:0;padding:0;max-height:420px;overflow:auto}</style>
<script src="/bundle.js"></script><script src="/bench.js"></script></head><body><div id="stage"></div></body></html>`);
  }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${server.address().port}/`;

const { chromium } = ensureBrowsers();
const browser = await puppeteerCore.launch({
  executablePath: chromium,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});

const fmt = (ms) => `${ms.toFixed(2)} ms`;
const ratio = (value, base) => `${(value / base).toFixed(2)}x`;
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  await page.goto(url);
  await page.waitForFunction(() => customElements.get('finsify-service-picker') !== undefined);
  const rows = [];
  for (const size of [1000, 10000]) {
    const result = await page.evaluate((count) => window.runPickerBench(count), size);
    rows.push({ size, ...result });
  }
  console.log(`\nChromium ${await browser.version()}, ${rows[0].runs} runs per figure (medians unless noted)\n`);
  for (const row of rows) {
    console.log(`${row.size.toLocaleString('en')} services`);
    console.log(`  first rendered list:  picker ${fmt(row.picker.firstRender)}   baseline ${fmt(row.baseline.firstRender)}   ratio ${ratio(row.picker.firstRender, row.baseline.firstRender)}`);
    console.log(`  keystroke, median:    picker ${fmt(row.picker.keyMedian)}   baseline ${fmt(row.baseline.keyMedian)}   ratio ${ratio(row.picker.keyMedian, row.baseline.keyMedian)}`);
    console.log(`  keystroke, p95:       picker ${fmt(row.picker.keyP95)}   baseline ${fmt(row.baseline.keyP95)}   ratio ${ratio(row.picker.keyP95, row.baseline.keyP95)}`);
    if (process.argv.includes('--verbose')) console.log(`  picker keystrokes (ms): ${row.picker.keys.map((t) => t.toFixed(1)).join(' ')}`);
    console.log(`  nodes in the DOM:     picker ${row.picker.optionNodes} options   baseline ${row.baseline.optionNodes} <li>`);
  }
  const [small, large] = rows;
  console.log('\nTargets');
  const verdict = (ok) => (ok ? 'met' : 'MISSED');
  console.log(`  first render at 1,000 <= 1.5x baseline:  ${ratio(small.picker.firstRender, small.baseline.firstRender)}  ${verdict(small.picker.firstRender <= 1.5 * small.baseline.firstRender)}`);
  console.log(`  first render at 10,000 < baseline:       ${ratio(large.picker.firstRender, large.baseline.firstRender)}  ${verdict(large.picker.firstRender < large.baseline.firstRender)}`);
  console.log(`  keystroke p95 at 10,000 < 16 ms:         ${fmt(large.picker.keyP95)}  ${verdict(large.picker.keyP95 < 16)}`);
} finally {
  await browser.close();
  server.close();
}
