/**
 * Configs full of distinctive fake secrets, through every output channel promfed has: the server's LSP traffic
 * (diagnostics, hovers, completions, code action titles, logs, errors) and stderr, and the CLI's output in every
 * format. No secret may appear in any of them. The same runs prove that neither the server nor the CLI opens,
 * stats or lists a file the config names (credential, TLS, rule and SD files), nor starts a process.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LspClient } from './lspClient';
import { advertised, commandRequests, REQUEST_KINDS } from './requests';

const REPO = path.resolve(__dirname, '..', '..', '..');
const CLI = path.join(REPO, 'dist', 'cli.js');
const SPY = path.join(__dirname, 'fsSpy.js');

/** Every secret carries this marker, so one search finds them all, whole or in part. */
const MARK = 'PFSECRET';
/** Suffixes long enough that a partial echo (a message that cuts a value) is caught too. */
const secret = (n: string) => `${MARK}-${n}-7f3a9c`;

/** Files the config names; created with secret content, so reading and echoing them would show too. */
const NAMED_FILES = ['password.txt', 'token', 'credentials', 'client_secret', 'ca.crt', 'client.crt', 'client.key', 'rules/a.yml', 'scrape/b.yml', 'sd/targets.json', 'rw-password'];

function config(dir: string): string {
  const f = (name: string) => path.join(dir, name);
  return `global:
  scrape_interval: 30s
rule_files:
  - ${f('rules')}/*.yml
scrape_config_files:
  - ${f('scrape')}/*.yml
scrape_configs:
  - job_name: federate-basic
    metrics_path: /federate
    params:
      'match[]': ['{job="a"}']
      api_key: [${secret('query-param')}]
    basic_auth:
      username: admin
      password: ${secret('basic-password')}
    static_configs:
      - targets: ['prom-a:9090']
  - job_name: federate-bearer
    metrics_path: /federate
    honor_labels: true
    bearer_token: ${secret('bearer-token')}
    proxy_url: http://proxyuser:${secret('proxy-password')}@proxy:3128
    static_configs:
      - targets: ['user:${secret('target-userinfo')}@prom-b:9090', 'http://u:${secret('target-url')}@prom-c:9090/x']
  - job_name: federate-authorization
    metrics_path: /federate
    authorization:
      type: Bearer
      credentials: "${secret('credentials')}"
    oauth2:
      client_id: id
      client_secret: '${secret('client-secret')}'
      token_url: https://auth.example/token?secret=${secret('token-url')}
    static_configs:
      - targets: ['prom-d:9090']
  - job_name: broken-types
    basic_auth:
      password: [${secret('password-list')}]
    authorization:
      credentials:
        nested: ${secret('credentials-map')}
    bearer_token: ${secret('bearer-twice-1')}
    bearer_token: ${secret('bearer-twice-2')}
    scrape_interval: 1x
  - job_name: broken-indentation
    basic_auth:
	  password: ${secret('after-tab')}
    oauth2: {client_id: x, client_secret: ${secret('flow-secret')}, token_url: "https://t/x"}
  - job_name: files
    basic_auth:
      username: u
      password_file: ${f('password.txt')}
    bearer_token_file: ${f('token')}
    tls_config:
      ca_file: ${f('ca.crt')}
      cert_file: ${f('client.crt')}
      key_file: ${f('client.key')}
    file_sd_configs:
      - files: ['${f('sd')}/*.json']
remote_write:
  - url: https://writer:${secret('remote-write-url')}@rw.example/api/v1/write
    basic_auth:
      username: w
      password_file: ${f('rw-password')}
    authorization:
      credentials: ${secret('remote-write-credentials')}
alerting:
  alertmanagers:
    - basic_auth:
        password: ${secret('alertmanager-password')}
      static_configs:
        - targets: ['am:9093']
`;
}

/** A second config whose quotes break YAML on a secret's line: the syntax errors must not quote it either. */
function brokenConfig(): string {
  return `scrape_configs:
  - job_name: unterminated
    basic_auth:
      password: "${secret('unterminated-quote')}
  - job_name: next
    bearer_token: '${secret('single-quoted')}
    authorization: {credentials: ${secret('flow-unclosed')}
`;
}

/**
 * Strips what carries document text by design and is never shown: the edits of code actions and completions
 * (a fix moves text around) and `data`, the machine-readable payload a diagnostic hands its code action.
 */
const NOT_SHOWN = new Set(['edit', 'newText', 'textEdit', 'insertText', 'data']);
function withoutEdits(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutEdits);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (!NOT_SHOWN.has(k)) out[k] = withoutEdits(v);
    return out;
  }
  return value;
}

function assertNoSecret(channel: string, text: string): void {
  const at = text.indexOf(MARK);
  assert.equal(at, -1, `${channel} shows a secret: ...${text.slice(Math.max(0, at - 120), at + 60)}...`);
}

function assertNoNamedFileTouched(spyLog: string, dir: string, allowed: readonly string[] = []): void {
  const events = fs.existsSync(spyLog) ? fs.readFileSync(spyLog, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { kind: string; path: string }) : [];
  // Node's loader reads the bundle through the patched fs: no event at all means the spy was not loaded.
  assert.ok(events.some((e) => /dist\/(server|cli)\.js$/.test(e.path)), 'the fs spy recorded nothing; was it preloaded?');
  const touched = events.filter((e) => e.path.startsWith(dir) && !allowed.includes(e.path));
  assert.deepEqual(touched, [], 'a file the config names was opened, stat-ed or listed');
  const exec = events.filter((e) => e.kind.startsWith('exec.'));
  assert.deepEqual(exec, [], 'a process was started');
}

describe('secrets stay secret, named files stay closed', function () {
  this.timeout(120_000);
  let dir: string;
  let spyLog: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'promfed-secrets-'));
    for (const name of NAMED_FILES) {
      fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      fs.writeFileSync(path.join(dir, name), `${secret(`file-${name.replace(/\W/g, '-')}`)}\n`);
    }
    spyLog = path.join(dir, '..', `${path.basename(dir)}.spy.jsonl`);
  });
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(spyLog, { force: true });
  });

  it('the language server: every message, hover, completion, action title, log and error', async () => {
    const previous = process.env.NODE_OPTIONS;
    process.env.NODE_OPTIONS = `${previous ?? ''} --require ${SPY}`.trim();
    process.env.PROMFED_SPY_LOG = spyLog;
    let client: LspClient;
    try {
      client = new LspClient();
    } finally {
      if (previous === undefined) delete process.env.NODE_OPTIONS;
      else process.env.NODE_OPTIONS = previous;
      delete process.env.PROMFED_SPY_LOG;
    }
    const transcript: unknown[] = [];
    const capabilities = (await client.initialize({ textDocument: { hover: { contentFormat: ['markdown', 'plaintext'] } } }, { settings: { live: { enabled: false } } })).capabilities;
    const documents = [
      { uri: 'file:///project/prometheus.yml', text: config(dir) },
      { uri: 'file:///project/broken.prometheus.yml', text: brokenConfig() },
    ];
    for (const [i, d] of documents.entries()) {
      client.notify('textDocument/didOpen', { textDocument: { uri: d.uri, languageId: 'yaml', version: 1, text: d.text } });
      const diagnostics = await client.waitForDiagnostics(d.uri, 1, 30_000);
      assert.ok(diagnostics.length > (i === 0 ? 5 : 0), 'the fixture should draw diagnostics');
      // Every position on every line that holds a secret, for every request kind that takes a position.
      const lines = d.text.split('\n');
      for (const [line, content] of lines.entries()) {
        if (!content.includes(MARK) && !content.includes(dir)) continue;
        for (let character = 0; character <= content.length; character += 3) {
          for (const kind of REQUEST_KINDS.filter((k) => advertised(capabilities, k) || /hover|completion|codeAction$/.test(k.method))) {
            transcript.push(withoutEdits(await client.call(kind.method, kind.params(d.uri, { line, character }))));
          }
        }
      }
      // Quick fixes for each diagnostic, as an editor asks for them.
      for (const diagnostic of diagnostics) {
        const response = await client.call('textDocument/codeAction', { textDocument: { uri: d.uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
        transcript.push(withoutEdits(response));
        for (const action of (response.result ?? []) as any[]) {
          if (capabilities.codeActionProvider?.resolveProvider && action.data) transcript.push(withoutEdits(await client.call('codeAction/resolve', action)));
        }
      }
      for (const r of commandRequests(capabilities, d.uri)) transcript.push(withoutEdits(await client.call(r.method, r.params)));
    }
    // Settings that the server must not log back either.
    client.notify('workspace/didChangeConfiguration', { settings: { promfed: { live: { targets: { a: `h:${secret('settings')}` } } } } });
    await client.call('textDocument/hover', { textDocument: { uri: documents[0].uri }, position: { line: 0, character: 0 } });
    const code = await client.shutdown();
    assert.equal(code, 0);
    assertNoSecret('a response', JSON.stringify(transcript));
    assertNoSecret('a notification (diagnostics, logs, messages)', JSON.stringify(withoutEdits(client.notifications)));
    assertNoSecret('stderr', client.stderr);
    assertNoNamedFileTouched(spyLog, dir);
  });

  for (const format of ['text', 'json', 'sarif']) {
    it(`the CLI, --format ${format}`, () => {
      const file = path.join(dir, 'prometheus.yml');
      const broken = path.join(dir, 'broken.yml');
      fs.writeFileSync(file, config(dir));
      fs.writeFileSync(broken, brokenConfig());
      fs.rmSync(spyLog, { force: true });
      const r = spawnSync(process.execPath, ['--require', SPY, CLI, 'check', '--format', format, file, broken], {
        encoding: 'utf8',
        env: { ...process.env, PROMFED_SPY_LOG: spyLog },
      });
      assert.equal(r.status, 1, `exit status; stderr: ${r.stderr}`);
      assert.ok(r.stdout.length > 100, 'the fixture should draw findings');
      assertNoSecret('stdout', r.stdout);
      assertNoSecret('stderr', r.stderr);
      assertNoNamedFileTouched(spyLog, dir, [file, broken]);
    });
  }
});
