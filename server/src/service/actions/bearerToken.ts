/**
 * `bearer_token` / `bearer_token_file` to the `authorization:` block that replaced them in Prometheus 2.26
 * (prometheus/common config/http_config.go: "Deprecated in favour of Authorization.Credentials(File)").
 * Prometheus converts one into the other itself, so the rewrite changes nothing at runtime.
 */
import { type Node } from 'yaml';
import { isScalar } from '../nodeKinds';
import { keyText } from '../model';
import { lineText, ownPair, pairBlock, pairOnLine } from './yamlText';
import type { QuickFixProvider } from './types';

const TARGET: Record<string, string> = { bearer_token: 'credentials', bearer_token_file: 'credentials_file' };

export const bearerTokenFix: QuickFixProvider = {
  codes: ['deprecated-bearer-token', 'plaintext-secret'],
  provide(ctx, target) {
    const loc = pairOnLine(ctx, target.start);
    if (!loc || loc.map.flow || !isScalar(loc.pair.key)) return [];
    const key = keyText(loc.pair.key) ?? '';
    const inner = TARGET[key];
    if (!inner) return [];
    // With authorization or both bearer keys present, this is an auth conflict: the user has to choose.
    if (ownPair(loc.map, 'authorization') || (ownPair(loc.map, 'bearer_token') && ownPair(loc.map, 'bearer_token_file'))) return [];
    const block = pairBlock(ctx, loc.pair);
    const node = loc.pair.key as Node;
    if (!block || !node.range) return [];
    const deeper = ' '.repeat(block.column + ctx.unit);
    const edits = [{ start: node.range[0], end: node.range[1], newText: `authorization:${ctx.eol}${deeper}${inner}` }];
    // A value continued on further lines moves one level deeper with its key.
    for (let l = block.firstLine + 1; l <= block.lastLine; l++) {
      if (lineText(ctx, l).trim() === '') continue;
      const at = ctx.lines.lineStart(l);
      edits.push({ start: at, end: at, newText: ' '.repeat(ctx.unit) });
    }
    const safe = target.code === 'deprecated-bearer-token';
    return [{ title: `Use authorization.${inner} instead of ${key}`, edits, preferred: safe, safe, adds: [{ map: loc.map, key: 'authorization' }] }];
  },
};
