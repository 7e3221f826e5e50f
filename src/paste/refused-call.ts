/**
 * Which of several pasted calls the 403 belongs to: the one whose own clause (its line, bullet or sentence
 * part, up to a "but", a comma or a closing parenthesis) carries the refusal, never one reported as working
 * ("→ 200", "works", "fine"). A 401 next to a call makes it a login problem, not the refused call.
 * Linear: one `indexOf` per mention and bounded patterns over each clause.
 */
import type { Operation } from '../catalog/catalog';
import type { PathMention } from './call-mentions';

const REFUSED =
  /\b403s?\b|\bforbidden\b|\baccess\s{1,2}denied\b|\bnot\s{1,2}authori[sz]ed\b|\bpermission\s{1,2}denied\b/i;
const WORKING =
  /(?:→|->|=>|=|:)\s{0,3}(?:200|201|204)\b|\b(?:200|201|204)\s{0,2}(?:OK|Created|No Content)?\b|\bworks?\b|\bworking\b|\bfine\b|\bok\b|\bsucceed(?:s|ed)?\b|\bsuccessful(?:ly)?\b|\b401\b|\bunauthori[sz]ed\b/i;
/** Where one call's clause ends and the next one's begins. */
const CLAUSE_BREAK = /\bbut\b|\bwhile\b|\bwhereas\b|[;)]|,\s|\.\s|\n/g;

/** 0: the clause reports the refusal; 1: it says nothing; 2: it says the call works (or got a 401). */
type Rank = 0 | 1 | 2;

interface Placed {
  index: number;
  start: number;
  end: number;
}

function lastBreak(text: string, from: number, to: number): number {
  CLAUSE_BREAK.lastIndex = from;
  let at = -1;
  for (let m = CLAUSE_BREAK.exec(text); m && m.index < to; m = CLAUSE_BREAK.exec(text)) at = m.index;
  return at;
}

/** The first occurrence of `path` that is not the start of a longer path (`/conversations/x` in `/conversations/x/recordings`). */
function indexOfWholePath(view: string, path: string): number {
  for (let at = view.indexOf(path); at >= 0; at = view.indexOf(path, at + 1)) {
    if (!/[\w/{}-]/.test(view.charAt(at + path.length))) return at;
  }
  return view.indexOf(path);
}

/** Each mention's rank, by the clause around its first occurrence in `view`. */
export function refusalRanks(view: string, mentions: PathMention[]): Rank[] {
  if (mentions.length < 2) return mentions.map(() => 1);
  const placed: Placed[] = mentions.map((m, index) => {
    const start = indexOfWholePath(view, m.path);
    return { index, start, end: start < 0 ? -1 : start + m.path.length };
  });
  const order = placed.filter((p) => p.start >= 0).sort((a, b) => a.start - b.start);
  const ranks: Rank[] = mentions.map(() => 1);
  order.forEach((p, i) => {
    const lineStart = view.lastIndexOf('\n', p.start) + 1;
    const lineEndAt = view.indexOf('\n', p.end);
    const lineEnd = lineEndAt < 0 ? view.length : lineEndAt;
    const prev = order[i - 1];
    const next = order[i + 1];
    let from = lineStart;
    if (prev && prev.end > lineStart && prev.end <= p.start) {
      const cut = lastBreak(view, prev.end, p.start);
      from = cut >= 0 ? cut : prev.end;
    }
    let to = lineEnd;
    if (next && next.start < lineEnd && next.start >= p.end) {
      const cut = lastBreak(view, p.end, next.start);
      to = cut >= 0 ? cut : next.start;
    }
    const clause = view.slice(from, Math.min(to, from + 2000));
    ranks[p.index] = REFUSED.test(clause) ? 0 : WORKING.test(clause) ? 2 : answerRank(view, lineEnd, next?.start);
  });
  return ranks;
}

/**
 * A log line naming a call says nothing of its answer: the lines after it, up to the next call, are its answer
 * ("200 OK in 268 ms", or an error body with `status: 403`). The first line that says either decides.
 */
function answerRank(view: string, lineEnd: number, nextStart: number | undefined): Rank {
  const until = Math.min(nextStart ?? view.length, lineEnd + 2000);
  let at = lineEnd + 1;
  while (at < until) {
    const endAt = view.indexOf('\n', at);
    const line = view.slice(at, endAt < 0 || endAt > until ? until : endAt);
    if (REFUSED.test(line)) return 0;
    if (WORKING.test(line)) return 2;
    if (endAt < 0) break;
    at = endAt + 1;
  }
  return 1;
}

/** A mention, the operation it resolved to (if any) and the rank of its clause. */
export interface RankedMention {
  mention: PathMention;
  operation: Operation | undefined;
  rank: Rank;
}

/**
 * The mentions, refused call first and working calls last (stable otherwise). Each item is copied field by
 * field: a spread copy of these small objects cost more than the ranking itself.
 */
export function rankByRefusal(
  view: string,
  items: ReadonlyArray<{ mention: PathMention; operation: Operation | undefined }>,
): RankedMention[] {
  const ranks = refusalRanks(
    view,
    items.map((item) => item.mention),
  );
  return items
    .map((item, i): RankedMention => ({ mention: item.mention, operation: item.operation, rank: ranks[i]! }))
    .sort((a, b) => a.rank - b.rank);
}
