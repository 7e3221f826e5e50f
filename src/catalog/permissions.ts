/** Permission strings: `domain:entity:action`, sometimes with a division id appended in 403 messages. */

export interface Permission {
  domain: string;
  entity: string;
  action: string;
  /** Division id when a refusal names one (`domain:entity:action:<divisionId>`). */
  division?: string;
}

const PERMISSION_PATTERN = /^([A-Za-z0-9_-]+):([A-Za-z0-9_*-]+):([A-Za-z0-9_*-]+)(?::([A-Za-z0-9*-]+))?$/;

export function parsePermission(text: string): Permission | undefined {
  const match = PERMISSION_PATTERN.exec(text.trim());
  if (!match) return undefined;
  const [, domain, entity, action, division] = match;
  return division
    ? { domain: domain!, entity: entity!, action: action!, division }
    : { domain: domain!, entity: entity!, action: action! };
}

export function formatPermission(p: Permission): string {
  return `${p.domain}:${p.entity}:${p.action}`;
}
