/**
 * App Home: published on `app_home_opened` (Home tab only) and again after a decision made in it. An approver
 * sees, for the orgs they approve for, the last verdicts, the requests waiting for a decision (with Approve/Deny)
 * and the audit log; everyone else what sr-check is, how to run a check, and the last verdicts of the orgs mapped
 * to channels they are in (users.conversations) (see blocks/home.ts for who sees what). Who is an approver
 * is the approval service's answer (approvals/approvers.ts); Approve/Deny are checked again when clicked.
 */
import type { AllMiddlewareArgs, SlackEventMiddlewareArgs, webApi } from '@slack/bolt';
import { HOME_LIMITS, renderHome, type HomeInput } from '../../blocks/home';
import { statusStrip } from '../../blocks/matrix';
import type { ListenerContext } from '../../listener-context';
import { channelsOfUser } from '../../channel-membership';

export function appHomeOpened(ctx: ListenerContext) {
  return async ({ event, client }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs): Promise<void> => {
    if (event.tab !== 'home' || !event.user) return;
    await ctx.inFlight.run(() => publishHome(ctx, client, event.user));
  };
}

/** Renders the viewer's Home and publishes it; errors are logged. */
export async function publishHome(
  ctx: ListenerContext,
  client: webApi.WebClient,
  userId: string,
  notice?: string,
): Promise<void> {
  try {
    await client.views.publish({ user_id: userId, view: (await homeView(ctx, client, userId, notice)) as never });
  } catch (error) {
    ctx.logger.warn({ user: userId, err: error }, 'could not publish the Home tab');
  }
}

async function homeView(ctx: ListenerContext, client: webApi.WebClient, viewerId: string, notice?: string) {
  const empty = { viewerId, lastVerdicts: [], pending: [], audit: [], ...(notice ? { notice } : {}) };
  const service = ctx.approvals?.service;
  if (!service || !ctx.store) return renderHome({ ...empty, approverOf: [], approvalsEnabled: false });
  const approverOf = await service.orgsApprovedBy(viewerId);
  if (approverOf.length === 0) {
    // Everyone else: the last verdicts of the orgs mapped to channels they are in (what they could see there).
    const visible = await orgsVisibleTo(ctx, client, viewerId);
    const visibleOrgs = visible ? [...visible].sort() : [];
    const [lastVerdicts, recent] = await Promise.all([
      visible ? ctx.store.lastVerdicts().then((all) => all.filter((v) => visible.has(v.org))) : [],
      recentRuns(ctx.store, visibleOrgs.slice(0, HOME_LIMITS.orgs)),
    ]);
    return renderHome({
      ...empty,
      approverOf,
      approvalsEnabled: true,
      lastVerdicts,
      recent,
      ...(visible ? { visibleOrgs } : {}),
    });
  }
  const mine = new Set(approverOf);
  const [lastVerdicts, pending, audit, recent] = await Promise.all([
    ctx.store.lastVerdicts(),
    service.undecided(),
    service.auditLog({ limit: 200 }),
    recentRuns(ctx.store, approverOf.slice(0, HOME_LIMITS.orgs)),
  ]);
  return renderHome({
    viewerId,
    approverOf,
    lastVerdicts: lastVerdicts.filter((v) => mine.has(v.org)),
    pending: pending.filter((r) => mine.has(r.org)),
    audit: audit.filter((e) => mine.has(e.org)),
    approvalsEnabled: true,
    recent,
    ...(notice ? { notice } : {}),
  });
}

/** Each org's last 30 runs from the verdict history, as a strip of emoji, and the newest run. */
async function recentRuns(
  store: NonNullable<ListenerContext['store']>,
  orgs: string[],
): Promise<NonNullable<HomeInput['recent']>> {
  const entries = await Promise.all(
    orgs.map(async (org) => [org, await store.listHistory(org, { limit: 30 })] as const),
  );
  return Object.fromEntries(
    entries.map(([org, history]) => [
      org,
      {
        strip: statusStrip(history),
        ...(history[0]
          ? { latest: { overall: history[0].overall, at: history[0].at, headline: history[0].headline } }
          : {}),
      },
    ]),
  );
}

/**
 * The configured orgs mapped to a channel this user is in (users.conversations; channels:read, groups:read):
 * the orgs `/sr-check orgs` would list to them somewhere. Undefined when Slack does not say (logged).
 */
async function orgsVisibleTo(
  ctx: ListenerContext,
  client: webApi.WebClient,
  userId: string,
): Promise<Set<string> | undefined> {
  const orgs = new Set<string>();
  try {
    for (const channel of await channelsOfUser(client, userId))
      for (const org of ctx.access.orgsIn(channel)) if (!ctx.access.isBuiltInDemo(org)) orgs.add(org);
    return orgs;
  } catch (error) {
    ctx.logger.warn({ user: userId, err: error }, 'could not list the channels of a Home tab viewer');
    return undefined;
  }
}
