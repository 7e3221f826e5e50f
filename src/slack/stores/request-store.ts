/**
 * Requests behind the verdict's buttons. A button carries only the short id `put` returns; the click
 * handler looks the request up here (and re-checks the clicking user's channel access). Narrow so a
 * database-backed store can replace the in-memory one.
 */
import { randomBytes } from 'node:crypto';
import NodeCache from 'node-cache';
import type { CheckRequest } from '../../request/grammar';
import type { FixProposal, Verdict } from '../../diagnosis/verdict';
import type { DetailsCap } from '../../store/types';
import type { VerdictDetails } from '../blocks/verdict-details';

export interface StoredCheck {
  request: CheckRequest;
  /** The channel the verdict was posted in; buttons only work there. */
  channelId: string;
  /** Slack user who asked. */
  userId: string;
  /** The verdict's fixes, in the order the fix buttons index them. */
  fixes: FixProposal[];
  /** The verdict's overall status (a fix request names the verdict it comes from). */
  overall?: Verdict['overall'];
  /** The verdict's full evidence, cut to what the Details modal shows. */
  details?: VerdictDetails;
  /** Who the verdict was about (kept with the request: the Terraform change names it even when the Details went). */
  identity?: VerdictDetails['identity'];
  /** The Details were dropped to keep the asker within the per-person cap (`count` Details kept): why there are none. */
  detailsDropped?: { count: number };
  createdAt: number;
}

export interface RequestStore {
  put(check: StoredCheck, ttlSeconds: number): Promise<string>;
  get(id: string): Promise<StoredCheck | undefined>;
}

/**
 * Each person keeps the Details of their 20 most recent verdicts, at most 2.5 MB (a Details is up to ~100 KB), for
 * the buttons' 7 days; older ones are dropped first and their Details button says so.
 */
export const DEFAULT_DETAILS_CAP: DetailsCap = { count: 20, bytes: 2_500_000 };

export function newRequestId(): string {
  return randomBytes(9).toString('base64url');
}

/**
 * Without a database: requests in memory for their TTL. The Details are bounded per person as in the shared store
 * (newest kept, oldest dropped past the cap), so one busy user cannot hold ~100 KB a check for 7 days.
 */
export class MemoryRequestStore implements RequestStore {
  private readonly cache = new NodeCache({ checkperiod: 120, useClones: false });
  private readonly details = new NodeCache({ checkperiod: 120, useClones: false });
  /** Per person, the ids whose Details are kept, oldest first, with their size as JSON. */
  private readonly kept = new Map<string, { id: string; bytes: number }[]>();

  constructor(private readonly detailsCap: DetailsCap = DEFAULT_DETAILS_CAP) {}

  async put(check: StoredCheck, ttlSeconds: number): Promise<string> {
    const id = newRequestId();
    const { details, ...request } = check;
    this.cache.set(
      id,
      { ...request, identity: request.identity ?? details?.identity, hasDetails: !!details },
      ttlSeconds,
    );
    if (details) this.keepDetails(id, check.userId, details, ttlSeconds);
    return id;
  }

  async get(id: string): Promise<StoredCheck | undefined> {
    const stored = this.cache.get<StoredCheck & { hasDetails: boolean }>(id);
    if (!stored) return undefined;
    const { hasDetails, ...check } = stored;
    if (!hasDetails) return check;
    const details = this.details.get<VerdictDetails>(id);
    return details ? { ...check, details } : { ...check, detailsDropped: { count: this.detailsCap.count } };
  }

  close(): void {
    this.cache.close();
    this.details.close();
  }

  private keepDetails(id: string, userId: string, details: VerdictDetails, ttlSeconds: number): void {
    this.details.set(id, details, ttlSeconds);
    // Lapsed Details no longer count against the person's share.
    const list = (this.kept.get(userId) ?? []).filter((entry) => this.details.has(entry.id));
    list.push({ id, bytes: Buffer.byteLength(JSON.stringify(details)) });
    let total = list.reduce((sum, entry) => sum + entry.bytes, 0);
    // The newest is always kept, as in the shared store.
    while (list.length > 1 && (list.length > this.detailsCap.count || total > this.detailsCap.bytes)) {
      const dropped = list.shift()!;
      total -= dropped.bytes;
      this.details.del(dropped.id);
    }
    this.kept.set(userId, list);
  }
}
