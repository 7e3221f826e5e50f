/**
 * Fault matching. A fault's `match` is `*` or `METHOD /pattern`, where METHOD may be `*` and the
 * pattern is compared with both the concrete path and the catalog template: `*` stands for one path
 * segment (or part of one), `**` for any rest of the path. So `GET /api/v2/conversations/{conversationId}/recordings`,
 * `GET /api/v2/conversations/*\/recordings` and `* /api/v2/**` all work.
 */
import type { ActiveFault } from './state';
import type { Fault } from './scenario';

function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!;
    if (ch === '*' && glob[i + 1] === '*') {
      source += '.*';
      i++;
    } else if (ch === '*') source += '[^/]*';
    else source += ch.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

export function faultMatches(match: string, method: string, path: string, template: string | undefined): boolean {
  if (match === '*') return true;
  const space = match.indexOf(' ');
  const wantMethod = match.slice(0, space);
  const pattern = match.slice(space + 1);
  if (wantMethod !== '*' && wantMethod !== method) return false;
  if (pattern === path || pattern === template) return true;
  // A template pattern such as `/x/{id}` is literal braces, not a glob, so compare it only by equality above.
  if (pattern.includes('{')) return false;
  const re = globToRegExp(pattern);
  return re.test(path) || (template !== undefined && re.test(template));
}

/**
 * The faults that apply to this request, consuming one use of each: every matching latency fault
 * (their delays add up) and the first matching fault of any other kind.
 */
export function takeFaults(
  faults: ActiveFault[],
  method: string,
  path: string,
  template: string | undefined,
  /** The client the request comes from (its bearer token, or its Basic credentials at login), when known. */
  clientId?: string,
): { latencyMs: number; terminal?: Fault } {
  let latencyMs = 0;
  let terminal: Fault | undefined;
  for (const active of faults) {
    if (active.remaining !== undefined && active.remaining <= 0) continue;
    if (active.fault.clientId !== undefined && active.fault.clientId !== clientId) continue;
    if (!faultMatches(active.fault.match, method, path, template)) continue;
    if (active.fault.kind === 'latency') latencyMs += active.fault.ms;
    else if (terminal) continue;
    else terminal = active.fault;
    if (active.remaining !== undefined) active.remaining -= 1;
  }
  return terminal ? { latencyMs, terminal } : { latencyMs };
}
