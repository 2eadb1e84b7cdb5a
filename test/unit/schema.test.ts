import * as assert from 'assert';
import { execFile, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { corpusDir } from './helpers';
import {
  ROOT_SCHEMA,
  SCRAPE_CONFIG_FILE_SCHEMA,
  allBlocks,
  childBlock,
  findBlockByStruct,
  findBlocks,
  knownFieldNames,
  lookupField,
  type BlockSchema,
  type FieldSchema,
  type PromVersion,
  type ValueType,
} from '../../server/src/service/schema';

const run = promisify(execFile);

function block(goStruct: string): BlockSchema {
  const b = findBlockByStruct(goStruct);
  assert.ok(b, `no block for ${goStruct}`);
  return b;
}

const SCRAPE = block('config.ScrapeConfig');
const GLOBAL = block('config.GlobalConfig');

describe('schema lookups', () => {
  const rows: Array<{ block: BlockSchema; key: string; version: PromVersion; expected: string | undefined }> = [
    { block: SCRAPE, key: 'honor_labels', version: '2', expected: 'ok' },
    { block: SCRAPE, key: 'honor_labels', version: '3', expected: 'ok' },
    { block: SCRAPE, key: 'honour_labels', version: '3', expected: undefined },
    { block: SCRAPE, key: 'honour_labels', version: '2', expected: undefined },
    { block: SCRAPE, key: 'scrape_protocols', version: '2', expected: 'ok' }, // 2.49
    { block: SCRAPE, key: 'enable_compression', version: '2', expected: 'ok' }, // 2.49
    { block: SCRAPE, key: 'fallback_scrape_protocol', version: '2', expected: 'too-new' }, // 3.0
    { block: SCRAPE, key: 'fallback_scrape_protocol', version: '3', expected: 'ok' },
    { block: SCRAPE, key: 'scrape_native_histograms', version: '2', expected: 'too-new' }, // 3.8
    { block: SCRAPE, key: 'always_scrape_classic_histograms', version: '2', expected: 'too-new' },
    { block: SCRAPE, key: 'scrape_classic_histograms', version: '2', expected: 'ok' }, // 2.45 .. 2.55
    { block: SCRAPE, key: 'scrape_classic_histograms', version: '3', expected: 'removed' },
    // http_headers came into ScrapeConfig with prometheus/common v0.54.0 (Prometheus 2.53), documented in 2.55.
    { block: SCRAPE, key: 'http_headers', version: '2', expected: 'ok' },
    { block: SCRAPE, key: 'http_headers', version: '3', expected: 'ok' },
    { block: SCRAPE, key: 'aws_sd_configs', version: '2', expected: 'too-new' }, // 3.8
    { block: SCRAPE, key: 'kubernetes_sd_configs', version: '2', expected: 'ok' },
    { block: SCRAPE, key: 'bearer_token_file', version: '3', expected: 'ok' }, // deprecated, still loaded
    { block: SCRAPE, key: 'target_relabel_configs', version: '3', expected: undefined },
    { block: GLOBAL, key: 'rule_query_offset', version: '2', expected: 'ok' }, // 2.53
    { block: GLOBAL, key: 'metric_name_escaping_scheme', version: '2', expected: 'too-new' }, // 3.4
    { block: GLOBAL, key: 'scrape_interval', version: '2', expected: 'ok' },
    { block: ROOT_SCHEMA, key: 'otlp', version: '2', expected: 'ok' }, // 2.55
    { block: ROOT_SCHEMA, key: 'scrape_config_files', version: '2', expected: 'ok' },
    { block: ROOT_SCHEMA, key: 'federation', version: '3', expected: undefined },
    { block: block('config.QueueConfig'), key: 'max_retries', version: '2', expected: 'removed' },
    { block: block('config.RemoteWriteConfig'), key: 'protobuf_message', version: '2', expected: 'ok' }, // 2.54
    { block: block('config.RemoteWriteConfig'), key: 'round_robin_dns', version: '2', expected: 'too-new' },
    // Only on main after 3.14: not yet in a release.
    { block: block('config.RemoteWriteConfig'), key: 'failed_request_logging', version: '3', expected: 'too-new' },
    { block: block('common/config.OAuth2'), key: 'grant_type', version: '2', expected: 'too-new' },
    { block: block('common/config.TLSConfig'), key: 'min_version', version: '2', expected: 'ok' },
  ];
  for (const r of rows) {
    it(`${r.block.title}: ${r.key} under "${r.version}" is ${r.expected ?? 'unknown'}`, () => {
      assert.strictEqual(lookupField(r.block, r.key, r.version)?.status, r.expected);
    });
  }

  it('describes the files listed in scrape_config_files (2.43+, beyond promtool 2.42)', () => {
    assert.deepStrictEqual(knownFieldNames(SCRAPE_CONFIG_FILE_SCHEMA, '3'), ['scrape_configs']);
    assert.strictEqual(childBlock(SCRAPE_CONFIG_FILE_SCHEMA.fields[0].type), SCRAPE);
  });

  it('knownFieldNames lists only keys the version loads', () => {
    const v2 = knownFieldNames(SCRAPE, '2');
    const v3 = knownFieldNames(SCRAPE, '3');
    assert.ok(v2.includes('scrape_classic_histograms') && !v3.includes('scrape_classic_histograms'));
    assert.ok(!v2.includes('fallback_scrape_protocol') && v3.includes('fallback_scrape_protocol'));
    assert.ok(v2.includes('honor_labels') && v3.includes('honor_labels'));
  });

  it('findBlocks resolves printed type names, several blocks may share one', () => {
    assert.deepStrictEqual(findBlocks('config.ScrapeConfig'), [SCRAPE]);
    assert.ok(findBlocks('config.plain').includes(ROOT_SCHEMA));
    assert.ok(findBlocks('config.plain').includes(GLOBAL));
    assert.strictEqual(findBlocks('aws.EC2Filter').length, 1, 'the 2.x name of the AWS filter');
  });
});

describe('schema invariants', () => {
  const blocks = allBlocks();

  it('reaches every block through the root', () => {
    // Scrape, global, TLS, relabel, ~36 SD blocks, remote, storage... well over 60 distinct blocks.
    assert.ok(blocks.length > 60, `only ${blocks.length} blocks reachable`);
    for (const s of ['config.GlobalConfig', 'config.AlertmanagerConfig', 'relabel.Config', 'common/config.TLSConfig',
      'common/config.BasicAuth', 'common/config.Authorization', 'common/config.OAuth2', 'common/config.Header',
      'kubernetes.SDConfig', 'consul.SDConfig', 'config.TSDBConfig', 'config.OTLPConfig', 'sigv4.SigV4Config',
      'azuread.AzureADConfig', 'targetgroup.Group', 'config.RuntimeConfig', 'config.TracingConfig']) {
      assert.ok(findBlockByStruct(s), `${s} not reachable`);
    }
  });

  it('has unique Go struct names', () => {
    const seen = new Map<string, string>();
    for (const b of blocks) {
      if (!b.goStruct) continue;
      assert.ok(!seen.has(b.goStruct), `${b.goStruct} used by ${seen.get(b.goStruct)} and ${b.title}`);
      seen.set(b.goStruct, b.title);
    }
  });

  for (const b of blocks) {
    it(`${b.title} (${b.goStruct}): unique keys, docs, sane versions`, () => {
      assert.ok(b.goType.length > 0 && b.title.length > 0);
      const names = b.fields.map((f) => f.name);
      assert.deepStrictEqual(names.filter((n, i) => names.indexOf(n) !== i), [], 'duplicate keys');
      for (const f of b.fields) {
        assert.match(f.name, /^[a-z0-9_]+$/, `odd key ${f.name}`);
        assert.ok(f.doc.length >= 10 && /[.)]$/.test(f.doc), `${f.name}: doc missing or unfinished`);
        for (const v of [f.since, f.removedIn]) {
          if (v !== undefined) assert.match(v, /^[23]\.\d+\.\d+$/, `${f.name}: bad version ${v}`);
        }
        if (f.enforced === false) assert.strictEqual(f.type.kind, 'enum', `${f.name}: enforced:false on a non-enum`);
      }
    });
  }

  it('marks scheme as an advisory enum (promtool accepts any scheme)', () => {
    const scheme = lookupField(SCRAPE, 'scheme', '3')?.field;
    assert.strictEqual(scheme?.type.kind, 'enum');
    assert.strictEqual(scheme?.enforced, false);
  });

  it('types secrets as secret', () => {
    for (const [s, key] of [['config.ScrapeConfig', 'bearer_token'], ['common/config.BasicAuth', 'password'],
      ['common/config.Authorization', 'credentials'], ['common/config.OAuth2', 'client_secret']] as const) {
      assert.strictEqual(lookupField(block(s), key, '3')?.field.type.kind, 'secret', `${s}.${key}`);
    }
  });
});

/** Keys the schema does not know (or not under `version`), walking a parsed config through the schema. */
function unknownKeys(text: string, version: PromVersion): string[] {
  const out: string[] = [];
  const visitValue = (node: unknown, type: ValueType, at: string): void => {
    if (type.kind === 'block' && isMap(node)) visitBlock(node, type.block, at);
    else if (type.kind === 'list' && isSeq(node)) node.items.forEach((n, i) => visitValue(n, type.of, `${at}[${i}]`));
    else if (type.kind === 'map' && isMap(node) && childBlock(type.of)) {
      for (const p of node.items) visitValue(p.value, type.of, `${at}.${keyOf(p.key)}`);
    }
  };
  const visitBlock = (node: unknown, b: BlockSchema, at: string): void => {
    if (!isMap(node)) return;
    for (const p of node.items) {
      const key = keyOf(p.key);
      const where = at ? `${at}.${key}` : key;
      const found = lookupField(b, key, version);
      if (found?.status === 'ok') visitValue(p.value, found.field.type, where);
      else out.push(found ? `${where} (${found.status})` : where);
    }
  };
  visitBlock(parseDocument(text).contents, ROOT_SCHEMA, '');
  return out;
}

function keyOf(node: unknown): string {
  return isScalar(node) ? String(node.value) : String(node);
}

describe('real-world corpus', () => {
  const dir = corpusDir();
  // 031 really has a typo'd key (see corpus/SOURCES.md); everything else must be clean.
  const expectedUnknown: Record<string, string[]> = {
    '031-virto-network-kreivo-monitor.yml': ['scrape_configs[0].target_relabel_configs'],
  };
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.yml')).sort();

  it('has the 40 corpus files', () => assert.strictEqual(files.length, 40));

  for (const f of files) {
    it(`${f}: only known keys under "3"`, () => {
      const got = unknownKeys(fs.readFileSync(path.join(dir, f), 'utf8'), '3');
      assert.deepStrictEqual(got, expectedUnknown[f] ?? []);
    });
  }
});

/** A value of the right shape for `type`, as YAML flow text, so that only the key itself is judged. */
function sampleValue(type: ValueType): string {
  switch (type.kind) {
    case 'bool': return 'false';
    case 'int': return '1';
    case 'float': return '0.5';
    case 'duration': return '1s';
    case 'bytes': return '1MB';
    case 'enum': return JSON.stringify(type.values[0]);
    case 'url': return '"http://localhost:1/"';
    case 'list': return '[]';
    case 'map':
    case 'block': return '{}';
    default: return '"x"';
  }
}

/** Keys Debian's promtool 2.42 lacks because its build leaves those discovery plugins out. */
const DEBIAN_MISSING_SD = new Set([
  'consul_sd_configs',
  'kubernetes_sd_configs',
  'kuma_sd_configs',
  'linode_sd_configs',
  'nomad_sd_configs',
]);

const PROMTOOL_VERSION = '2.42.0';

function wasIn(f: FieldSchema, version: string): boolean {
  const cmp = (a: string, b: string) => {
    const pa = a.split('.').map(Number);
    const pb = b.split('.').map(Number);
    return pa[0] - pb[0] || pa[1] - pb[1] || pa[2] - pb[2];
  };
  return (f.since === undefined || cmp(f.since, version) <= 0) && (f.removedIn === undefined || cmp(f.removedIn, version) > 0);
}

describe('differential: promtool check config 2.42', function () {
  this.timeout(180_000);
  let tmp = '';

  before(() => {
    const v = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
    assert.ok(!v.error && v.status === 0, `promtool is required for this test (${v.error?.message ?? v.stderr})`);
    assert.ok(v.stdout.includes(`version ${PROMTOOL_VERSION}`), `expected promtool ${PROMTOOL_VERSION}, got ${v.stdout}`);
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'promfed-schema-'));
  });
  after(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  async function check(name: string, text: string): Promise<string> {
    const file = path.join(tmp, `${name}.yml`);
    fs.writeFileSync(file, text);
    try {
      const r = await run('promtool', ['check', 'config', '--syntax-only', file]);
      return r.stdout + r.stderr;
    } catch (e) {
      const err = e as { stdout?: string; stderr?: string };
      return `${err.stdout ?? ''}${err.stderr ?? ''}`;
    }
  }

  const cases: Array<{ where: string; b: BlockSchema; wrap: (key: string, value: string) => string }> = [
    { where: 'top level', b: ROOT_SCHEMA, wrap: (k, v) => `${k}: ${v}\n` },
    { where: 'global', b: GLOBAL, wrap: (k, v) => `global:\n  ${k}: ${v}\n` },
    { where: 'scrape config', b: SCRAPE, wrap: (k, v) => `scrape_configs:\n- job_name: a\n  ${k}: ${v}\n` },
  ];

  for (const c of cases) {
    it(`${c.where}: every key the schema dates <= ${PROMTOOL_VERSION} is known to promtool, every later key is not`, async () => {
      const fields = c.b.fields.filter((f) => !DEBIAN_MISSING_SD.has(f.name));
      const wrong: string[] = [];
      // Small batches keep the run short without flooding the machine with processes.
      for (let i = 0; i < fields.length; i += 8) {
        await Promise.all(fields.slice(i, i + 8).map(async (f) => {
          const out = await check(`${c.b.goStruct}-${f.name}`, c.wrap(f.name, sampleValue(f.type)));
          const notFound = out.includes(`field ${f.name} not found in type`);
          if (wasIn(f, PROMTOOL_VERSION) === notFound) wrong.push(`${f.name}: schema ${wasIn(f, PROMTOOL_VERSION) ? 'known' : 'unknown'}, promtool: ${out.trim().split('\n').pop()}`);
        }));
      }
      assert.deepStrictEqual(wrong, []);
    });
  }

  it('the Debian build really lacks the SD plugins listed as missing', async () => {
    for (const k of DEBIAN_MISSING_SD) {
      const out = await check(`missing-${k}`, `scrape_configs:\n- job_name: a\n  ${k}: []\n`);
      assert.ok(out.includes(`field ${k} not found in type config.ScrapeConfig`), `${k}: ${out}`);
    }
  });

  // Where an unknown key lands, and the block the schema says Prometheus decodes there.
  const typeRows: Array<{ yaml: string; goStruct: string; printed2_42?: string }> = [
    { yaml: 'zz: 1', goStruct: 'config.Config' },
    { yaml: 'global:\n  zz: 1', goStruct: 'config.GlobalConfig' },
    { yaml: 'scrape_configs:\n- job_name: a\n  zz: 1', goStruct: 'config.ScrapeConfig' },
    { yaml: 'scrape_configs:\n- job_name: a\n  static_configs:\n  - zz: 1', goStruct: 'targetgroup.Group' },
    { yaml: 'scrape_configs:\n- job_name: a\n  relabel_configs:\n  - zz: 1', goStruct: 'relabel.Config' },
    { yaml: 'scrape_configs:\n- job_name: a\n  tls_config:\n    zz: 1', goStruct: 'common/config.TLSConfig' },
    { yaml: 'scrape_configs:\n- job_name: a\n  basic_auth:\n    zz: 1', goStruct: 'common/config.BasicAuth' },
    { yaml: 'scrape_configs:\n- job_name: a\n  authorization:\n    zz: 1', goStruct: 'common/config.Authorization' },
    // common v0.39 (2.42) had no OAuth2.UnmarshalYAML yet; 2.55 and 3.x print config.plain.
    { yaml: 'scrape_configs:\n- job_name: a\n  oauth2:\n    zz: 1', goStruct: 'common/config.OAuth2', printed2_42: 'config.OAuth2' },
    { yaml: 'scrape_configs:\n- job_name: a\n  file_sd_configs:\n  - zz: 1', goStruct: 'file.SDConfig' },
    { yaml: 'scrape_configs:\n- job_name: a\n  dns_sd_configs:\n  - zz: 1', goStruct: 'dns.SDConfig' },
    { yaml: 'scrape_configs:\n- job_name: a\n  ec2_sd_configs:\n  - zz: 1', goStruct: 'aws.EC2SDConfig' },
    { yaml: 'scrape_configs:\n- job_name: a\n  ec2_sd_configs:\n  - filters:\n    - zz: 1', goStruct: 'aws.Filter', printed2_42: 'aws.EC2Filter' },
    { yaml: 'scrape_configs:\n- job_name: a\n  docker_sd_configs:\n  - zz: 1', goStruct: 'moby.DockerSDConfig' },
    { yaml: 'scrape_configs:\n- job_name: a\n  serverset_sd_configs:\n  - zz: 1', goStruct: 'zookeeper.ServersetSDConfig' },
    { yaml: 'alerting:\n  zz: 1', goStruct: 'config.AlertingConfig' },
    { yaml: 'alerting:\n  alertmanagers:\n  - zz: 1', goStruct: 'config.AlertmanagerConfig' },
    { yaml: 'remote_write:\n- url: http://a/\n  zz: 1', goStruct: 'config.RemoteWriteConfig' },
    { yaml: 'remote_write:\n- url: http://a/\n  queue_config:\n    zz: 1', goStruct: 'config.QueueConfig' },
    { yaml: 'remote_write:\n- url: http://a/\n  metadata_config:\n    zz: 1', goStruct: 'config.MetadataConfig' },
    { yaml: 'remote_write:\n- url: http://a/\n  sigv4:\n    zz: 1', goStruct: 'sigv4.SigV4Config' },
    { yaml: 'remote_read:\n- url: http://a/\n  zz: 1', goStruct: 'config.RemoteReadConfig' },
    { yaml: 'storage:\n  zz: 1', goStruct: 'config.StorageConfig' },
    { yaml: 'storage:\n  tsdb:\n    zz: 1', goStruct: 'config.TSDBConfig' },
    { yaml: 'storage:\n  exemplars:\n    zz: 1', goStruct: 'config.ExemplarsConfig' },
    { yaml: 'tracing:\n  zz: 1', goStruct: 'config.TracingConfig' },
  ];
  it('prints the Go type names the schema records', async () => {
    const wrong: string[] = [];
    await Promise.all(typeRows.map(async (r, i) => {
      const out = await check(`type-${i}`, `${r.yaml}\n`);
      const m = /field zz not found in type (.*)$/m.exec(out);
      const b = block(r.goStruct);
      const expected = r.printed2_42 ?? b.goType;
      if (!m || m[1] !== expected) wrong.push(`${r.goStruct}: expected ${expected}, promtool: ${m?.[1] ?? out.trim()}`);
    }));
    assert.deepStrictEqual(wrong, []);
  });
});
