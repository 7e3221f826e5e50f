/**
 * Run buttons for the real operations near a call that is not one: each suggestion is stored as a request
 * (the button carries only its id, and the click re-checks channel access like every run button).
 */
import type { CheckRequest } from '../request/grammar';
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
      return {
        label,
        requestId: await ctx.verdicts.storeCheck({
          request: { ...request, op: label },
          channelId: where.channelId,
          userId: where.userId,
        }),
      };
    }),
  );
}
