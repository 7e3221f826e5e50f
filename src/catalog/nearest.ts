/**
 * The nearest real operations for a call that is not a Platform API operation
 * (`POST /api/v2/interaction/screenrecordings`): ranked by the words the path shares with each operation's
 * template (rarer words weigh more), the method, and the topics the path and the surrounding text are about
 * (data/folklore.yaml: screen recordings, archiving, exports), so a reader gets the calls they meant.
 */
import type { Catalog, Operation } from './catalog';
import { loadFolklore } from './folklore';

export interface NearOperation {
  operation: Operation;
  score: number;
  /** Why it is suggested: the shared words and topics. */
  because: string[];
}

const MIN_WORD = 3;
const MAX_SUGGESTIONS = 5;
/** Only this much of the surrounding text is read for topic words (a paste is at most 50 KB). */
const MAX_TEXT_CHARS = 20_000;
/** Longer "words" (hex runs, base64) are no words: not split. */
const MAX_WORD = 40;
/** Below this an operation shares too little with the question to be worth naming. */
const MIN_SCORE = 3;
const TOPIC_WEIGHT = 4;
const METHOD_WEIGHT = 0.5;
/** A word shared with a template counts by its rarity, up to this: one rare word must not outweigh a topic. */
const MAX_WORD_WEIGHT = 2.5;

function stem(word: string): string {
  return word.length > 4 && word.endsWith('s') ? word.slice(0, -1) : word;
}

interface Index {
  vocabulary: Set<string>;
  stemsOf: Map<Operation, Set<string>>;
  idf: Map<string, number>;
  /** `METHOD /template` per operation, built once (the ranking loop runs over every operation). */
  keyOf: Map<Operation, string>;
}

const indexes = new WeakMap<Catalog, Index>();

function buildIndex(catalog: Catalog): Index {
  const folklore = loadFolklore();
  const vocabulary = new Set<string>(folklore.topics.flatMap((t) => t.words).filter((w) => w.length >= MIN_WORD));
  const literalSegments = (op: Operation) =>
    op.template.split('/').filter((s) => s && !s.startsWith('{') && s !== 'api' && s !== 'v2');
  for (const op of catalog.all())
    for (const segment of literalSegments(op))
      for (const w of camelWords(segment)) if (w.length >= MIN_WORD) vocabulary.add(w);
  const stemsOf = new Map<Operation, Set<string>>();
  const df = new Map<string, number>();
  for (const op of catalog.all()) {
    const stems = new Set(
      literalSegments(op)
        .flatMap((s) => wordsOf(s, vocabulary))
        .map(stem),
    );
    stemsOf.set(op, stems);
    for (const s of stems) df.set(s, (df.get(s) ?? 0) + 1);
  }
  const total = catalog.size;
  const idf = new Map([...df].map(([s, n]) => [s, Math.log(total / n)]));
  const keyOf = new Map([...catalog.all()].map((op) => [op, `${op.method} ${op.template}`]));
  return { vocabulary, stemsOf, idf, keyOf };
}

function camelWords(segment: string): string[] {
  return segment
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter(Boolean);
}

/**
 * A path segment as words: camelCase and separators split; a run-together word also as its parts
 * (`screensessions` → screensessions, screen, sessions); a word the catalog does not know, as the known word
 * one typo away (`roless` → roles).
 */
function wordsOf(segment: string, vocabulary: Set<string>): string[] {
  return camelWords(segment).flatMap((w) => {
    const parts = splitCompound(w, vocabulary);
    if (parts) return parts.length > 1 ? [w, ...parts] : parts;
    const near = oneTypoAway(w, vocabulary);
    return near ? [w, near] : [w];
  });
}

/** `screenrecordings` → [screen, recordings] when every piece is a known word (fewest pieces win). */
function splitCompound(word: string, vocabulary: Set<string>): string[] | undefined {
  if (word.length > MAX_WORD) return undefined;
  if (vocabulary.has(word) && !hasSplit(word, vocabulary)) return [word];
  const best: Array<string[] | undefined> = new Array(word.length + 1);
  best[0] = [];
  for (let end = MIN_WORD; end <= word.length; end++) {
    for (let start = 0; start <= end - MIN_WORD; start++) {
      const head = best[start];
      const piece = word.slice(start, end);
      if (!head || !vocabulary.has(piece) || piece === word) continue;
      const candidate = [...head, piece];
      if (!best[end] || candidate.length < best[end]!.length) best[end] = candidate;
    }
  }
  return best[word.length];
}

/** A known word that is itself two known words (`screensessions`) is split too, so its parts can match. */
function hasSplit(word: string, vocabulary: Set<string>): boolean {
  for (let i = MIN_WORD; i <= word.length - MIN_WORD; i++)
    if (vocabulary.has(word.slice(0, i)) && vocabulary.has(word.slice(i))) return true;
  return false;
}

function oneTypoAway(word: string, vocabulary: Set<string>): string | undefined {
  if (word.length < 5 || word.length > MAX_WORD) return undefined;
  for (const candidate of vocabulary)
    if (Math.abs(candidate.length - word.length) <= 1 && editDistanceAtMostOne(word, candidate)) return candidate;
  return undefined;
}

function editDistanceAtMostOne(a: string, b: string): boolean {
  if (a === b) return true;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) return a.slice(i + 1) === b.slice(i + 1);
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

const ID_LIKE = /^(?:[0-9a-f]{8}-[0-9a-f-]{27}|[0-9]+|\{[^}]*\})$/i;

/**
 * The nearest operations to `METHOD path` (path as written, host and query allowed), using `text` (the
 * message around it) for topics. Empty when nothing is near enough.
 */
export function nearestOperations(
  catalog: Catalog,
  method: string | undefined,
  path: string,
  text = '',
): NearOperation[] {
  let index = indexes.get(catalog);
  if (!index) indexes.set(catalog, (index = buildIndex(catalog)));
  const start = path.indexOf('/api/v2/');
  const segments = (start >= 0 ? path.slice(start + '/api/v2/'.length) : path)
    .split(/[?#]/)[0]!
    .split('/')
    .filter((s) => s && !ID_LIKE.test(s));
  const pathStems = new Set(segments.flatMap((s) => wordsOf(s, index.vocabulary)).map(stem));
  // Topic words are matched whole (the topics list run-together forms too), on a bounded part of the text.
  const textWords = new Set(
    text
      .slice(0, MAX_TEXT_CHARS)
      .toLowerCase()
      .match(/[a-z]{3,40}/g) ?? [],
  );
  for (const s of pathStems) textWords.add(s);

  const topicBoost = new Map<string, string[]>();
  for (const topic of loadFolklore().topics) {
    const hit = topic.words.find((w) => textWords.has(w) || pathStems.has(stem(w)));
    if (!hit) continue;
    for (const key of topic.operations) topicBoost.set(key, [...(topicBoost.get(key) ?? []), hit]);
  }

  const upper = method?.toUpperCase();
  const ranked: NearOperation[] = [];
  for (const op of catalog.all()) {
    if (op.deprecated) continue;
    const stems = index.stemsOf.get(op)!;
    // Plain loops, no per-operation arrays or strings: this runs for all 3,280 operations per unknown call.
    let shared: string[] | undefined;
    let score = 0;
    for (const s of pathStems) {
      if (!stems.has(s)) continue;
      (shared ??= []).push(s);
      score += Math.min(MAX_WORD_WEIGHT, index.idf.get(s) ?? 0);
    }
    const topics = topicBoost.size > 0 ? (topicBoost.get(index.keyOf.get(op)!) ?? []) : [];
    score += topics.length * TOPIC_WEIGHT;
    if (score === 0) continue;
    if (upper && op.method === upper) score += METHOD_WEIGHT;
    // Dropped here rather than after sorting: same answer, far fewer entries to sort.
    if (score < MIN_SCORE) continue;
    const because = [
      ...(shared ? [`path words: ${shared.join(', ')}`] : []),
      ...(topics.length ? [`about: ${[...new Set(topics)].join(', ')}`] : []),
    ];
    ranked.push({ operation: op, score, because });
  }
  ranked.sort(
    (a, b) =>
      b.score - a.score ||
      a.operation.template.localeCompare(b.operation.template) ||
      a.operation.method.localeCompare(b.operation.method),
  );
  return ranked.filter((r) => r.score >= MIN_SCORE).slice(0, MAX_SUGGESTIONS);
}
