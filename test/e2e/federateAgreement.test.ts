/**
 * promfed's selector check against a real Prometheus: for a few hundred selectors, /federate must answer 400
 * exactly when checkSelector(s, '2') reports an error, and 200 otherwise; for a 400 the body must be our
 * Prometheus text (`line:col: parse error: …`, regexp errors included). Needs Debian's prometheus 2.42 at
 * /usr/bin/prometheus: without it the test fails, it does not skip.
 */
import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as fc from 'fast-check';
import { checkSelector } from '../../server/src/service/promql';

const PROMETHEUS = '/usr/bin/prometheus';
const READY_DEADLINE_MS = 60_000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, timeout: 10_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`timeout on ${path}`)));
    req.on('error', reject);
  });
}

async function waitReady(port: number, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + READY_DEADLINE_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prometheus exited with ${child.exitCode}:\n${log()}`);
    try {
      if ((await get(port, '/-/ready')).status === 200) return;
    } catch {
      // Not listening yet: poll again.
    }
    if (Date.now() > deadline) throw new Error(`prometheus not ready after ${READY_DEADLINE_MS} ms:\n${log()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Hand-picked selectors: every class of error, and what Prometheus accepts that an expression parser would not. */
const CURATED: string[] = [
  // Valid.
  'up', 'up{}', '{}', '{job=""}', '{job=~".*"}', '{__name__=~"job:.*"}', 'job:rate:sum', 'sum', 'offset', 'by',
  'start', 'end', 'bool', 'ON', 'up{job="a",}', "{a='x'}", '{a=`x\\d`}', '  up  ', 'up # c', '{# c\n a="x"}',
  'up{__name__="x"}', '{a="\\x41\\u00e9\\n\\"\\\\"}', '{a="\\xff"}', '{a=~"(?i)x"}', '{a=~"(?s)."}', '{a=~"\\\\pL"}',
  '{a=~"\\\\p{Greek}"}', '{a=~"[[:alpha:]]"}', '{a=~"\\\\Q(\\\\E"}', '{a=~"(?P<n>x)"}', '{a=~"x{2}{"}', '{a=~"[]a]"}',
  '{a=~"^*"}', '{a=~"()*"}', '{a=~"\\\\x{1F600}"}', '{a=~"(a{10}){100}"}', '{by="x",offset="y"}',
  // Parser and lexer errors.
  '', '   ', 'up[5m]', 'up[5m:1m]', 'up offset 5m', 'up @ 1', 'up @ start()', 'rate(up[5m])', 'sum(up)',
  'sum by (job) (up)', 'up or down', 'up and on(job) down', 'up * 2', '-up', '(up)', '1', 'inf', 'NaN', '"x"',
  "'x'", '5m', '1.5e3x', '0x1f', 'atan2', 'on', 'group_left', 'foo.bar', '{a.b="x"}', '{"up"}', '{"my.metric"}',
  '{"a.b"="x"}', '{job=x}', '{job}', '{job!x"a"}', '{job=="a"}', '{a="b" c="d"}', '{,}', '{1a="x"}', '{a:b="x"}',
  '{job="x"', '{job="x', '{job=`x', "{job='x", '{a="\\q"}', '{a="\\u12"}', '{a="\\400"}', '{a="\\ud800"}',
  '{a="x\ny"}', '{a="\uFFFD"}', 'up)', 'up]', 'up[', '[', ']', '}', '{{', 'up{}{}', 'up;', '@', 'up@', '!',
  'up!', '=~', '{a!}', 'éé', 'up\n[5m]', '{a="é"} x', '{a="aaaaaaaaaaaaaaa"}x',
  // Regex errors.
  '{a=~"("}', '{a=~")"}', '{a=~"a)"}', '{a=~"[a"}', '{a=~"a{2,1}"}', '{a=~"x{1001}"}', '{a=~"(a{100}){100}"}',
  '{a=~"x**"}', '{a=~"*"}', '{a=~"a|*"}', '{a=~"(?i)*"}', '{a=~"a*??"}', '{a=~"(?=x)"}', '{a=~"(?!x)"}',
  '{a=~"(?<n>x)"}', '{a=~"(?P<n"}', '{a=~"(?P<>x)"}', '{a=~"(?P=n)"}', '{a=~"(?-)"}', '{a=~"(?i-)"}',
  '{a=~"\\\\1"}', '{a=~"\\\\8"}', '{a=~"\\\\C"}', '{a=~"\\\\Z"}', '{a=~"\\\\q"}', '{a=~"\\\\x{}"}', '{a=~"\\\\xZ1"}',
  '{a=~"\\\\x{110000}"}', '{a=~"[z-a]"}', '{a=~"[[:foo:]]"}', '{a=~"\\\\pX"}', '{a=~"\\\\p{Foo}"}', '{a=~"\\\\p{Cn}"}',
  '{a=~"\\\\p{Greek"}', '{a=~"[a-\\\\d]"}', '{a=~"[\\\\b]"}', '{a=~"\\\\"}', "up{job!~'(?!x)'}", 'up{job=~`\\1`}',
];

/** Random selectors built from pieces of valid and invalid PromQL (fixed seed: the same set every run). */
function generated(count: number): string[] {
  const name = fc.constantFrom('up', 'job:rate5m', 'sum', 'offset', 'foo.bar', 'a_b', 'on', 'inf', '', 'x1', 'start');
  const label = fc.constantFrom('job', 'instance', '__name__', 'by', '1a', 'a.b', '"a.b"', 'x');
  const op = fc.constantFrom('=', '!=', '=~', '!~', '==', '!', '=!', '~');
  const regexPiece = fc.constantFrom(
    '.*', '.+', 'a|b', '(', ')', '[', ']', '[a-z]', '[z-a]', '*', '+', '?', '{2}', '{1001}', '(?i)', '(?=', '(?P<n>',
    '\\\\d', '\\\\1', '\\\\pL', '\\\\p{Greek}', '[[:alpha:]]', '\\\\Q', '\\\\E', 'é', 'x', '^', '$', '\\\\', '{',
  );
  const quote = fc.constantFrom('"', "'", '`');
  const value = fc.tuple(quote, fc.array(regexPiece, { maxLength: 4 }), fc.boolean()).map(([q, parts, close]) => {
    const body = parts.join('');
    return q + (q === '`' ? body.replace(/\\\\/g, '\\') : body) + (close ? q : '');
  });
  const matcher = fc.tuple(label, op, value).map(([l, o, v]) => `${l}${o}${v}`);
  const braces = fc.tuple(fc.array(matcher, { maxLength: 3 }), fc.constantFrom(',', ', ', ' '), fc.constantFrom('}', ',}', '', '}}'))
    .map(([ms, sep, end]) => `{${ms.join(sep)}${end}`);
  const suffix = fc.constantFrom('', '', '', '[5m]', ' offset 1h', ' @ 1', ' or up', ' # c', ')', ' x', '[1m:]');
  const prefix = fc.constantFrom('', '', '', 'rate(', 'sum(', '-', ' ', '(');
  const selector = fc.tuple(prefix, name, fc.option(braces, { nil: '' }), suffix).map((p) => p.join(''));
  return fc.sample(selector, { numRuns: count, seed: 4242 });
}

/** Random well-formed selectors (regex values may still be refused by Go). */
function generatedValid(count: number): string[] {
  const name = fc.constantFrom('up', 'job:rate5m:sum', 'node_cpu_seconds_total', 'count', 'without', 'X_1');
  const label = fc.constantFrom('job', 'instance', '__name__', 'env', 'by', 'offset', '_x1');
  const op = fc.constantFrom('=', '!=', '=~', '!~');
  const piece = fc.constantFrom(
    '.*', '.+', 'prod|staging', '(a|b)', '[a-z]+', '\\d{2,3}', '(?i)x', '(?s).', '\\pL', '[[:digit:]]', 'é', 'a b', '\\.',
    'x?', '^', '$', '\\Q.\\E', '(?P<n>x)', '(?:x)', '\\x41', '[^/]', 'a{0,1000}', '\\n', '\\t', '\\\\',
  );
  const value = fc.tuple(fc.constantFrom('"', "'"), fc.array(piece, { maxLength: 3 })).map(([q, parts]) => q + parts.join('') + q);
  const matcher = fc.tuple(label, fc.constantFrom('', ' '), op, value).map(([l, sp, o, v]) => `${l}${sp}${o}${sp}${v}`);
  const braces = fc.tuple(fc.array(matcher, { maxLength: 3 }), fc.boolean()).map(([ms, comma]) => `{${ms.join(', ')}${comma && ms.length ? ',' : ''}}`);
  const selector = fc.oneof(name, braces, fc.tuple(name, braces).map(([n, b]) => n + b));
  return fc.sample(selector, { numRuns: count, seed: 7 });
}

interface Outcome {
  readonly selector: string;
  readonly ours: string | undefined;
  readonly status: number;
  readonly body: string;
}

describe('e2e: checkSelector agrees with a real Prometheus /federate', function () {
  this.timeout(180_000);
  let child: ChildProcess | undefined;
  let dir: string | undefined;
  let output = '';
  const outcomes: Outcome[] = [];
  const selectors = [...new Set([...CURATED, ...generated(220), ...generatedValid(140)])];

  before(async () => {
    assert.ok(existsSync(PROMETHEUS), `${PROMETHEUS} is missing: install Debian's prometheus package`);
    const port = await freePort();
    dir = mkdtempSync(join(tmpdir(), 'promfed-e2e-'));
    const config = join(dir, 'prometheus.yml');
    writeFileSync(config, `global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: self\n    static_configs:\n      - targets: ['127.0.0.1:${port}']\n`);
    child = spawn(PROMETHEUS, [
      `--config.file=${config}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (d) => (output += d));
    child.stderr?.on('data', (d) => (output += d));
    await waitReady(port, child, () => output);
    for (const selector of selectors) {
      const res = await get(port, `/federate?match[]=${encodeURIComponent(selector)}`);
      outcomes.push({ selector, ours: checkSelector(selector, '2').errors[0]?.prometheus, status: res.status, body: res.body.trim() });
    }
  });

  after(async () => {
    const c = child;
    if (c?.pid !== undefined && c.exitCode === null) {
      const exited = new Promise((r) => c.once('exit', r));
      process.kill(c.pid, 'SIGTERM');
      const timer = setTimeout(() => c.exitCode === null && c.pid !== undefined && process.kill(c.pid, 'SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
    const agree = outcomes.filter((o) => (o.ours === undefined ? o.status === 200 : o.status === 400 && o.body === o.ours)).length;
    console.log(`      ${outcomes.length} selectors, ${agree} agree (${outcomes.filter((o) => o.status === 400).length} rejected by Prometheus)`);
  });

  it('covers a few hundred selectors, valid and invalid', () => {
    assert.ok(outcomes.length >= 300, `${outcomes.length} selectors`);
    assert.ok(outcomes.filter((o) => o.status === 200).length >= 50);
    assert.ok(outcomes.filter((o) => o.status === 400).length >= 100);
  });

  it('answers 400 exactly where promfed reports an error', () => {
    const wrong = outcomes.filter((o) => (o.ours !== undefined) !== (o.status === 400) || ![200, 400].includes(o.status));
    assert.deepEqual(wrong.map((o) => `${JSON.stringify(o.selector)}: ours ${o.ours ?? 'ok'}; Prometheus ${o.status} ${o.body.slice(0, 120)}`), []);
  });

  it('puts the error at the same line:col', () => {
    const prefix = (s: string) => /^\d+:\d+: parse error/.exec(s)?.[0];
    const wrong = outcomes.filter((o) => o.ours !== undefined && o.status === 400 && prefix(o.ours) !== prefix(o.body));
    assert.deepEqual(wrong.map((o) => `${JSON.stringify(o.selector)}: ours ${o.ours}; Prometheus ${o.body}`), []);
  });

  it('says what Prometheus says, regexp errors included', () => {
    const regexText = (s: string) => /error parsing regexp: .*/s.exec(s)?.[0];
    const wrong = outcomes.filter((o) => {
      if (o.ours === undefined || o.status !== 400) return false;
      const ours = regexText(o.ours);
      return ours ? !o.body.includes(ours) : o.body !== o.ours;
    });
    assert.deepEqual(wrong.map((o) => `${JSON.stringify(o.selector)}:\n  ours ${o.ours}\n  Prom ${o.body}`), []);
  });
});
