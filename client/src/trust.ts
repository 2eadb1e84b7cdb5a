/**
 * Workspace Trust: in Restricted Mode promfed must not contact the servers a config names, whatever the
 * settings say. The client rewrites the settings it hands the server; the server needs no notion of trust.
 */

/** Keys (under `promfed`) that package.json lists in `untrustedWorkspaces.restrictedConfigurations`. */
export const RESTRICTED_KEYS = ['live.enabled', 'live.targets'] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Returns the value of configuration `section` as the server may see it. `section` is what the server asked
 * for in workspace/configuration (`promfed`, `promfed.live`, `promfed.live.enabled`, or undefined for all).
 */
export function restrictConfiguration(section: string | undefined, value: unknown, trusted: boolean): unknown {
  if (trusted) return value;
  const path = section ? section.split('.') : [];
  if (path.join('.') === 'promfed.live.enabled') return false;
  if (path.join('.') === 'promfed.live') return isRecord(value) ? { ...value, enabled: false } : { enabled: false };
  if (path.join('.') === 'promfed') {
    const live = isRecord(value) && isRecord(value.live) ? value.live : {};
    return { ...(isRecord(value) ? value : {}), live: { ...live, enabled: false } };
  }
  if (path.length === 0 && isRecord(value) && 'promfed' in value) {
    return { ...value, promfed: restrictConfiguration('promfed', value.promfed, false) };
  }
  return value;
}
