/**
 * Prose that reports a Genesys 403 by the permission it lacks, with no path ("Genesys Cloud returns 403:
 * missing permission 'wfm:schedule:edit'"). Only permission strings the catalog knows count, and only
 * after a cue that says they are missing or needed, in a sentence that carries the status and names
 * Genesys: a made-up permission or one merely mentioned stays silent.
 */
import type { Catalog } from '../catalog/catalog';
import { catalogPermissions } from './evidence';
import { permissionTokens } from './fields';

/** The cue must sit shortly before the permission (the words in between are few: "the permission", "at least"). */
const REFUSAL_CUE = /\b(?:missing|lacks?|lacking|needs?|needed|requires?|required|forbidden|denied)\b[^\n]{0,40}$/i;

/**
 * Catalog permissions (`domain:entity:action`, as pasted) that `sentences` say are missing; `sentences`
 * are the status sentences that name Genesys.
 */
export function refusedCatalogPermissions(sentences: string[], catalog: Catalog): string[] {
  const known = catalogPermissions(catalog);
  const out: string[] = [];
  for (const sentence of sentences) {
    for (const token of permissionTokens(sentence)) {
      const permission = token.split(':').slice(0, 3).join(':');
      if (!known.has(permission.toLowerCase()) || out.includes(permission)) continue;
      const before = sentence.slice(0, sentence.indexOf(token));
      if (REFUSAL_CUE.test(before)) out.push(permission);
    }
  }
  return out;
}
