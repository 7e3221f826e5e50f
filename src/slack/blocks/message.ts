/** What every renderer in blocks/ returns and post.ts sends: the fallback text and the blocks. */
import type { types } from '@slack/bolt';

export interface SlackMessage {
  text: string;
  blocks: types.KnownBlock[];
}
