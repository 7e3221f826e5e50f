/**
 * Run buttons for the real operations near a call that is not one: each suggestion is stored as a request
 * (the button carries only its id, and the click re-checks channel access like every run button).
 */
import type { CheckRequest } from '../diagnosis/request';
import type { NotAnOperation } from '../paste';
import type { ListenerContext } from './listener-context';

export interface Suggestion {
  label: string;
  requestId: string;
}

export function storeSuggestions(
  ctx: ListenerContext,
  request: CheckRequest,
  unknown: NotAnOperation | undefined,
  where: { channelId: string; userId: string },
): Promise<Suggestion[]> {
  return Promise.all(
    (unknown?.nearest ?? []).map(async (op) => {
      const label = `${op.method} ${op.template}`;
      const stored = { request: { ...request, op: label }, channelId: where.channelId, userId: where.userId, fixes: [], createdAt: Date.now() };
      return { label, requestId: await ctx.requests.put(stored, ctx.requestTtlSeconds) };
    }),
  );
}
