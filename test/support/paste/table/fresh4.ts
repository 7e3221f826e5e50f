/**
 * A fifth batch: gaps an independent reviewer found (issue 12 follow-up). The call in the sentence that
 * carries the 403 is the one refused; prose naming a real catalog permission and no path is still a report.
 * Written for this table; ids made up. `wfm:schedule:write` (the issue's own example) is no catalog permission
 * (the catalog has wfm:schedule:add/edit/view/...): quoted as a missing permission it is still a report, and the
 * explanation says the catalog has no such permission (finding.unknownPermissions).
 */
import { near, type Row } from './types';

export const fresh4: Row[] = [
  {
    id: 'fresh4-G10-wss-and-rest',
    shape: 'websocket',
    text: "Our notification listener can't connect: wss://streaming.mypurecloud.com/channels/streaming-3-abc123 returns 403 during the handshake. The channel was created via POST /api/v2/notifications/channels just before.",
    expect: { decision: 'explain', confidence: 'high', surface: 'notifications-websocket', region: 'us-east-1' },
  },
  {
    id: 'fresh4-rest-refused-after-wss',
    shape: 'prose',
    text: 'Genesys Cloud: wss://streaming.mypurecloud.com/channels/streaming-3-abc123 connects fine. But PUT /api/v2/notifications/channels/streaming-3-abc123/subscriptions returns 403.',
    expect: {
      decision: 'explain',
      method: 'PUT',
      template: '/api/v2/notifications/channels/{channelId}/subscriptions',
    },
  },
  {
    id: 'fresh4-permission-prose-quoted',
    shape: 'typographic-quotes',
    text: 'Genesys Cloud error when publishing schedules: “You are missing the permission ‘wfm:schedule:edit’” (HTTP 403).',
    expect: { decision: 'explain', confidence: 'medium', permissions: ['wfm:schedule:edit'] },
  },
  {
    id: 'fresh4-permission-prose-colon',
    shape: 'prose',
    text: 'Genesys Cloud returns 403: missing permission ‘wfm:schedule:edit’',
    expect: { decision: 'explain', confidence: 'medium', permissions: ['wfm:schedule:edit'] },
  },
  {
    id: 'fresh4-permission-prose-bare',
    shape: 'prose',
    text: 'Genesys Cloud returns 403 Forbidden, missing permission wfm:schedule:edit',
    expect: { decision: 'explain', confidence: 'medium', permissions: ['wfm:schedule:edit'] },
  },
  {
    id: 'fresh4-permission-prose-need',
    shape: 'prose',
    text: 'Publishing schedules in Genesys Cloud fails with 403, apparently we need wfm:schedule:add for that',
    expect: { decision: 'explain', confidence: 'medium', permissions: ['wfm:schedule:add'] },
  },
  {
    id: 'fresh4-made-up-permission-quoted',
    shape: 'typographic-quotes',
    text: 'Genesys Cloud error when publishing schedules: “You are missing the permission ‘wfm:schedule:write’” (HTTP 403).',
    expect: { decision: 'explain', confidence: 'medium', permissions: ['wfm:schedule:write'] },
  },
  {
    id: 'fresh4-made-up-permission-colon',
    shape: 'prose',
    text: 'Genesys Cloud returns 403: missing permission ‘wfm:schedule:write’',
    expect: { decision: 'explain', confidence: 'medium', permissions: ['wfm:schedule:write'] },
  },
  {
    id: 'fresh4-made-up-permission-bare',
    shape: 'prose',
    text: 'Genesys Cloud returns 403 Forbidden, missing permission wfm:schedule:write',
    expect: { decision: 'explain', confidence: 'medium', permissions: ['wfm:schedule:write'] },
  },
  near('fresh4-permission-no-product', 'other-service', 'returns 403 Forbidden, missing permission wfm:schedule:edit'),
  near(
    'fresh4-permission-hypothetical',
    'hypothetical',
    'In Genesys Cloud, if a supervisor lacks wfm:schedule:edit, publishing would return 403.',
  ),
  near(
    'fresh4-permission-no-refusal-word',
    'chat',
    'Genesys Cloud 403 dashboard is green today; wfm:schedule:edit was granted to the planners last week',
  ),
];
