/**
 * Prose that reports a Genesys 403 by the permission it lacks, with no path ("Genesys Cloud returns 403:
 * missing permission 'wfm:schedule:edit'"). Only after a cue that says they are missing or needed, in a sentence
 * that carries the status and names Genesys. A string the catalog does not know counts only when the words
 * before it call it a permission ("missing the permission ‘wfm:schedule:write’"): that is how people quote
 * Genesys's message, and the explanation then says the catalog has no such permission.
 */
import type { Catalog } from '../catalog/catalog';
import { catalogPermissions, firstThreeParts } from './evidence';
import { permissionTokens } from './permission-tokens';

/** The cue must sit shortly before the permission (the words in between are few: "the permission", "at least"). */
const REFUSAL_CUE = /\b(?:missing|lacks?|lacking|needs?|needed|requires?|required|forbidden|denied)\b[^\n]{0,40}$/i;
/** The same cue with the word permission between it and the string. */
const PERMISSION_CUE =
  /\b(?:missing|lacks?|lacking|needs?|needed|requires?|required)\b[^\n]{0,20}\bpermissions?\b[^\n]{0,12}$/i;

/**
 * Permissions (`domain:entity:action`, as pasted) that `sentences` say are missing; `sentences` are the
 * status sentences that name Genesys.
 */
export function refusedCatalogPermissions(sentences: string[], catalog: Catalog): string[] {
  const known = catalogPermissions(catalog);
  const out: string[] = [];
  for (const sentence of sentences) {
    for (const token of permissionTokens(sentence)) {
      const permission = firstThreeParts(token);
      if (out.includes(permission)) continue;
      const before = sentence.slice(0, sentence.indexOf(token));
      if (known.has(permission.toLowerCase()) ? REFUSAL_CUE.test(before) : PERMISSION_CUE.test(before))
        out.push(permission);
    }
  }
  return out;
}

/** The named permissions no catalog operation requires, with the catalog's permissions on the same domain and entity. */
export function permissionsNotInCatalog(
  permissions: string[],
  catalog: Catalog,
): { permission: string; sameEntity: string[] }[] {
  const known = catalogPermissions(catalog);
  const unknown = permissions.filter((p) => !p.includes('*') && !known.has(p.toLowerCase()));
  if (unknown.length === 0) return [];
  const byEntity = entityIndex(catalog);
  return unknown.map((permission) => ({
    permission,
    sameEntity: byEntity.get(permission.split(':').slice(0, 2).join(':').toLowerCase()) ?? [],
  }));
}

const entityIndexes = new WeakMap<Catalog, Map<string, string[]>>();

/** `domain:entity` (lower case) → the catalog's permissions on it, sorted: built once per catalog. */
function entityIndex(catalog: Catalog): Map<string, string[]> {
  let index = entityIndexes.get(catalog);
  if (index) return index;
  const sets = new Map<string, Set<string>>();
  for (const op of catalog.all())
    for (const p of op.permissions) {
      const key = p.split(':').slice(0, 2).join(':').toLowerCase();
      if (!sets.has(key)) sets.set(key, new Set());
      sets.get(key)!.add(p);
    }
  index = new Map([...sets].map(([key, set]) => [key, [...set].sort()]));
  entityIndexes.set(catalog, index);
  return index;
}
