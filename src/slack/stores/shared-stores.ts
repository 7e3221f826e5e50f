/**
 * The Slack app's idempotency keys and button requests kept in the shared Store (SQLite or PostgreSQL), so a
 * Slack retry or a button click that lands on another replica (or after a restart) is recognised there too.
 */
import * as z from 'zod';
import { CheckRequestSchema } from '../../diagnosis/request';
import type { FixProposal } from '../../diagnosis/verdict';
import type { Store } from '../../store/types';
import { VerdictDetailsSchema } from '../blocks/verdict-details';
import type { IdempotencyStore } from './idempotency-store';
import { newRequestId, type RequestStore, type StoredCheck } from './request-store';

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
  createdAt: z.number(),
});

export class SharedRequestStore implements RequestStore {
  constructor(private readonly store: Pick<Store, 'saveRequest' | 'getRequest'>) {}

  async put(check: StoredCheck, ttlSeconds: number): Promise<string> {
    const id = newRequestId();
    await this.putWithId(id, check, ttlSeconds);
    return id;
  }

  /** Under an id given beforehand (DeferredRequestStore keeps it while the write is tried again). */
  async putWithId(id: string, check: StoredCheck, ttlSeconds: number): Promise<void> {
    await this.store.saveRequest(`check:${id}`, check, ttlSeconds);
  }

  async get(id: string): Promise<StoredCheck | undefined> {
    const parsed = StoredCheckSchema.safeParse(await this.store.getRequest(`check:${id}`));
    if (!parsed.success) return undefined;
    return { ...parsed.data, fixes: parsed.data.fixes as unknown as FixProposal[] } as StoredCheck;
  }
}
