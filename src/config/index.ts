/** Configuration: the orgs file (load-config) and the Slack environment (slack-settings). */
export { loadConfig, parseConfigText, type ConfigResult } from './load-config';
export { loadSlackSettings, type SlackSettings, type SlackSettingsResult } from './slack-settings';
export { formatConfigIssues, type ConfigIssue } from './issues';
export type { AppConfig, OrgConfig, ClientCredentials, Approvers, TargetIdentity } from './types';
export { Secret } from './secret';
