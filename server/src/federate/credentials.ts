/**
 * Reads the credential and TLS files a job names (`password_file`, `credentials_file`, `bearer_token_file`,
 * `tls_config.ca_file`/`cert_file`/`key_file`) for the live preview, and only for it. Paths are resolved
 * against the config file's directory, as Prometheus does (config.SetDirectory). Each file has a size cap, and
 * no error message ever carries a file's content: only its path and what went wrong.
 */
import { open } from 'node:fs/promises';
import * as path from 'node:path';
import type { AuthSpec, ResolvedSecrets, SecretSpec, TlsSpec } from '../service/preview';
import type { FederateAuth, FederateTlsOptions } from './types';

/** Reads at most `maxBytes + 1` bytes of a file, so a caller can tell that it is too large. */
export type CappedReader = (file: string, maxBytes: number) => Promise<Buffer>;

export interface CredentialOptions {
  /** The config file's directory; relative paths fail without it (an unsaved document). */
  readonly baseDir?: string;
  readonly read?: CappedReader;
  /** Cap for passwords and tokens. Default 64 KiB. */
  readonly maxSecretBytes?: number;
  /** Cap for PEM files. Default 1 MiB. */
  readonly maxPemBytes?: number;
}

export type ResolveOutcome = ({ readonly ok: true } & ResolvedSecrets) | { readonly ok: false; readonly message: string };

const DEFAULT_SECRET_BYTES = 64 * 1024;
const DEFAULT_PEM_BYTES = 1024 * 1024;

/** The default reader: one open, one bounded read, no following of the whole file into memory. */
export const readCapped: CappedReader = async (file, maxBytes) => {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(maxBytes + 1);
    let filled = 0;
    while (filled < buffer.length) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled);
  } finally {
    await handle.close();
  }
};

class CredentialError extends Error {}

function describeReadError(e: unknown): string {
  switch ((e as { code?: string }).code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a directory';
    default:
      return (e as { code?: string }).code ?? 'cannot be read';
  }
}

/** Resolves the job's credentials and TLS material; never throws, never puts a file's content in a message. */
export async function resolveCredentials(auth: AuthSpec, tls: TlsSpec | undefined, options: CredentialOptions = {}): Promise<ResolveOutcome> {
  const read = options.read ?? readCapped;
  const maxSecret = options.maxSecretBytes ?? DEFAULT_SECRET_BYTES;
  const maxPem = options.maxPemBytes ?? DEFAULT_PEM_BYTES;

  async function load(spec: SecretSpec | undefined, key: string, pem: boolean): Promise<string | undefined> {
    if (!spec) return undefined;
    if ('value' in spec) return spec.value;
    const where = `${key}_file "${spec.file}"`;
    if (!path.isAbsolute(spec.file) && !options.baseDir) throw new CredentialError(`${where} is relative, and an unsaved config has no directory to resolve it against`);
    const file = path.resolve(options.baseDir ?? '/', spec.file);
    const cap = pem ? maxPem : maxSecret;
    let content: Buffer;
    try {
      content = await read(file, cap);
    } catch (e) {
      throw new CredentialError(`cannot read ${where}: ${describeReadError(e)}`);
    }
    if (content.length > cap) throw new CredentialError(`${where} is larger than ${cap / 1024} KiB; that is not a ${pem ? 'PEM file' : 'credential file'}`);
    // prometheus/common FileSecret: the content with surrounding white space trimmed.
    return pem ? content.toString('utf8') : content.toString('utf8').trim();
  }

  try {
    let resolvedAuth: FederateAuth = { kind: 'none' };
    switch (auth.kind) {
      case 'unsupported':
        return { ok: false, message: `the preview cannot send ${auth.what}` };
      case 'basic':
        resolvedAuth = { kind: 'basic', username: (await load(auth.username, 'basic_auth.username', false)) ?? '', password: (await load(auth.password, 'basic_auth.password', false)) ?? '' };
        break;
      case 'authorization': {
        const key = auth.from === 'bearer_token' ? 'bearer_token' : 'authorization.credentials';
        const credentials = await load(auth.credentials, key, false);
        if (credentials !== undefined) resolvedAuth = { kind: 'authorization', type: auth.type, credentials };
        break;
      }
    }
    let resolvedTls: FederateTlsOptions | undefined;
    if (tls) {
      const ca = await load(tls.ca, 'tls_config.ca', true);
      const cert = await load(tls.cert, 'tls_config.cert', true);
      const key = await load(tls.key, 'tls_config.key', true);
      resolvedTls = {
        ...(ca !== undefined ? { ca } : {}),
        ...(cert !== undefined ? { cert } : {}),
        ...(key !== undefined ? { key } : {}),
        ...(tls.serverName ? { serverName: tls.serverName } : {}),
        ...(tls.insecureSkipVerify !== undefined ? { insecureSkipVerify: tls.insecureSkipVerify } : {}),
        ...(tls.minVersion ? { minVersion: tls.minVersion } : {}),
        ...(tls.maxVersion ? { maxVersion: tls.maxVersion } : {}),
      };
    }
    return { ok: true, auth: resolvedAuth, ...(resolvedTls ? { tls: resolvedTls } : {}) };
  } catch (e) {
    if (e instanceof CredentialError) return { ok: false, message: e.message };
    return { ok: false, message: 'cannot read the credential files' };
  }
}
