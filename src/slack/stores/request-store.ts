/**
 * Requests behind the verdict's buttons. A button carries only the short id `put` returns; the click
 * handler looks the request up here (and re-checks the clicking user's channel access). Narrow so a
 * database-backed store can replace the in-memory one.
 */
import { randomBytes } from 'node:crypto';
import NodeCache from 'node-cache';
import type { CheckRequest } from '../../request/grammar';
import type { FixProposal, Verdict } from '../../diagnosis/verdict';
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

export function newRequestId(): string {
  return randomBytes(9).toString('base64url');
}

export class MemoryRequestStore implements RequestStore {
  private readonly cache = new NodeCache({ checkperiod: 120, useClones: false });

  async put(check: StoredCheck, ttlSeconds: number): Promise<string> {
    const id = newRequestId();
    this.cache.set(id, check, ttlSeconds);
    return id;
  }

  async get(id: string): Promise<StoredCheck | undefined> {
    return this.cache.get<StoredCheck>(id);
  }

  close(): void {
    this.cache.close();
  }
}
