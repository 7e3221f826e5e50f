/** App Home: published on `app_home_opened` (Home tab only) and again after a decision made in it. */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs, webApi } from '@slack/bolt';
import { renderHome } from '../../blocks/home';
import type { ListenerContext } from '../../listener-context';

export function appHomeOpened(ctx: ListenerContext) {
  return async ({ event, client }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs): Promise<void> => {
    if (event.tab !== 'home' || !event.user) return;
    await ctx.inFlight.run(() => publishHome(ctx, client, event.user));
  };
}

/** Renders the viewer's Home (see blocks/home.ts for who sees what) and publishes it; errors are logged. */
export async function publishHome(ctx: ListenerContext, client: webApi.WebClient, userId: string, notice?: string): Promise<void> {
  try {
    const view = ctx.approvals
      ? await ctx.approvals.homeView(userId, notice)
      : renderHome({ viewerId: userId, approverOf: [], lastVerdicts: [], pending: [], audit: [], approvalsEnabled: false, ...(notice ? { notice } : {}) });
    await client.views.publish({ user_id: userId, view: view as never });
  } catch (error) {
    ctx.logger.warn({ user: userId, err: error }, 'could not publish the Home tab');
  }
}
