/**
 * The Slack app's idempotency keys and button requests kept in the shared Store (SQLite or PostgreSQL), so a
 * Slack retry or a button click that lands on another replica (or after a restart) is recognised there too.
 */
import * as z from 'zod';
import { CheckRequestSchema } from '../../request/grammar';
import type { FixProposal } from '../../diagnosis/verdict';
import type { DetailsCap, Store } from '../../store/types';
import { VerdictDetailsSchema } from '../blocks/verdict-details';
import type { IdempotencyStore } from './idempotency-store';
import { DEFAULT_DETAILS_CAP, newRequestId, type RequestStore, type StoredCheck } from './request-store';

export class SharedIdempotencyStore implements IdempotencyStore {
  constructor(private readonly store: Pick<Store, 'claim'>) {}

  claim(key: string, ttlSeconds: number): Promise<boolean> {
    return this.store.claim(`slack:${key}`, ttlSeconds);
  }
}

/** What comes back from the database is checked before use (a row written by another version, say). */
const StoredCheckSchema = z.object({
  request: CheckRequestSchema,
  channelId: z.string().min(1).max(40),
  userId: z.string().min(1).max(40),
  fixes: z.array(z.object({ kind: z.enum(['grant-role', 'add-scope', 'refresh-credentials']) }).passthrough()),
  overall: z.enum(['pass', 'fail', 'warn', 'unknown']).optional(),
  details: VerdictDetailsSchema.optional(),
  /** The Details are stored apart (SavedDetailsStore), bounded per person. */
  detailsApart: z.literal(true).optional(),
  identity: VerdictDetailsSchema.shape.identity.optional(),
  createdAt: z.number(),
});

export { DEFAULT_DETAILS_CAP } from './request-store';

export class SharedRequestStore implements RequestStore {
  constructor(
    private readonly store: Pick<Store, 'saveRequest' | 'getRequest' | 'saveDetails' | 'getDetails'>,
    private readonly detailsCap: DetailsCap = DEFAULT_DETAILS_CAP,
  ) {}

  async put(check: StoredCheck, ttlSeconds: number): Promise<string> {
    const id = newRequestId();
    await this.putWithId(id, check, ttlSeconds);
    return id;
  }

  /** Under an id given beforehand (DeferredRequestStore keeps it while the write is tried again). */
  async putWithId(id: string, check: StoredCheck, ttlSeconds: number): Promise<void> {
    const { details, ...request } = check;
    // The Details first: a stored request never points at Details that were not written (saving one twice keeps one).
    if (details) await this.store.saveDetails(`details:${id}`, check.userId, details, ttlSeconds, this.detailsCap);
    const apart = details ? { detailsApart: true, identity: details.identity } : {};
    await this.store.saveRequest(`check:${id}`, { ...request, ...apart }, ttlSeconds);
  }

  async get(id: string): Promise<StoredCheck | undefined> {
    const parsed = StoredCheckSchema.safeParse(await this.store.getRequest(`check:${id}`));
    if (!parsed.success) return undefined;
    const { detailsApart, ...data } = parsed.data;
    const stored = { ...data, fixes: data.fixes as unknown as FixProposal[] } as StoredCheck;
    if (!detailsApart) return stored;
    const details = VerdictDetailsSchema.safeParse(await this.store.getDetails(`details:${id}`));
    return details.success
      ? { ...stored, details: details.data }
      : { ...stored, detailsDropped: { count: this.detailsCap.count } };
  }
}
