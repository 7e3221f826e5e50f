/**
 * Which orgs may be checked from which channel: an org's own `channels`, plus `allowedChannels` for all
 * orgs, plus the built-in demo org everywhere when SR_CHECK_DEMO=1. Callers refuse with one wording for
 * "no such org" and "not here", so a channel learns nothing about orgs it is not mapped to.
 */
import type { AppConfig } from '../config/types';
import { DEMO_ORG } from '../demo';

export class ChannelAccess {
  constructor(
    private readonly config: AppConfig,
    private readonly demoEnabled: boolean,
  ) {}

  /** True when the built-in simulated demo org answers for `org` (not shadowed by a configured org). */
  isBuiltInDemo(org: string): boolean {
    return this.demoEnabled && org === DEMO_ORG && !this.config.orgs.has(DEMO_ORG);
  }

  allows(org: string, channelId: string): boolean {
    if (this.isBuiltInDemo(org)) return true;
    const configured = this.config.orgs.get(org);
    if (!configured) return false;
    return configured.channels.includes(channelId) || this.config.allowedChannels.includes(channelId);
  }

  /** Names of the orgs available in this channel, sorted. */
  orgsIn(channelId: string): string[] {
    const names = [...this.config.orgs.keys()].filter((name) => this.allows(name, channelId));
    if (this.isBuiltInDemo(DEMO_ORG)) names.push(DEMO_ORG);
    return names.sort();
  }
}
