/**
 * What a slash command or mention asks for, decided before anything runs: a text answer (help, orgs,
 * usage errors, refusals) or a check of an org this channel may use. Pure, so it is unit-tested alone.
 */
import { parsePastedError, unknownCallInOp, type NotAnOperation } from '../paste';
import {
  parseCommandText,
  parseCommandWords,
  splitCommandText,
  type CheckRequest,
  type ParsedCommand,
} from '../request/grammar';
import { demoRequestProblem } from '../demo';
import type { ChannelAccess } from './access';
import { helpReply, orgNotAvailableReply, orgsReply, usageErrorReply } from './blocks/replies';

export type CommandDecision =
  | { kind: 'reply'; text: string }
  | { kind: 'check'; request: CheckRequest }
  /** `op=` names a call that is no Platform API operation: explain it and offer the nearest real ones. */
  | { kind: 'not-an-operation'; request: CheckRequest; unknown: NotAnOperation };

export function decideCommand(text: string, channelId: string, access: ChannelAccess): CommandDecision {
  const split = splitCommandText(text);
  if (!split.ok) return { kind: 'reply', text: usageErrorReply(split.message) };
  return decideWords(split.words, channelId, access);
}

/**
 * The same decision for words already split (the check modal builds them from its fields). `asTyped` is the
 * words' parse when the caller has it already (the slash command parses once, issue 26); it is used when the
 * channel's org is not added to the words, so the words are the ones it was parsed from.
 */
export function decideWords(
  words: string[],
  channelId: string,
  access: ChannelAccess,
  asTyped?: ParsedCommand,
): CommandDecision {
  const withOrg = withChannelOrg(words, channelId, access);
  const parsed = asTyped && withOrg === words ? asTyped : parseCommandWords(withOrg);
  switch (parsed.kind) {
    case 'help':
      return { kind: 'reply', text: helpReply() };
    case 'orgs':
      return { kind: 'reply', text: orgsReply(access.orgsIn(channelId)) };
    case 'error':
      return { kind: 'reply', text: usageErrorReply(parsed.message) };
    case 'many':
    case 'compare':
      // The slash command hands these to the matrix flow (matrix-flow.ts) before asking here; mentions answer this.
      return { kind: 'reply', text: usageErrorReply('several orgs and compare= work with the /sr-check command') };
    case 'check':
      if (!access.allows(parsed.request.org, channelId))
        return { kind: 'reply', text: orgNotAvailableReply(parsed.request.org) };
      {
        const problem = demoRequestProblem(parsed.request, access.isBuiltInDemo(parsed.request.org));
        if (problem) return { kind: 'reply', text: usageErrorReply(problem.message) };
      }
      {
        const unknown = unknownCallInOp(parsed.request.op);
        if (unknown) {
          return unknown.nearest.length > 0
            ? { kind: 'not-an-operation', request: parsed.request, unknown }
            : {
                kind: 'reply',
                text: usageErrorReply(
                  `${parsed.request.op} is not a Genesys Cloud API operation, and no real operation is near it`,
                ),
              };
        }
      }
      return { kind: 'check', request: parsed.request };
  }
}

/** A channel mapped to exactly one configured org may omit `org=`: the words then name that org (the same array when not). */
export function withChannelOrg(words: string[], channelId: string, access: ChannelAccess): string[] {
  if (words.length === 0) return words;
  if (words.length === 1 && /^(help|-h|--help|orgs)$/i.test(words[0]!)) return words;
  if (words.some((word) => /^org=/i.test(word))) return words;
  const mapped = access.orgsIn(channelId).filter((org) => !access.isBuiltInDemo(org));
  return mapped.length === 1 ? [`org=${mapped[0]!}`, ...words] : words;
}

/** The org the check modal preselects: the channel's only configured org, if it has exactly one. */
export function channelOrg(channelId: string, access: ChannelAccess): string | undefined {
  const mapped = access.orgsIn(channelId).filter((org) => !access.isBuiltInDemo(org));
  return mapped.length === 1 ? mapped[0] : undefined;
}

/** Mention text without the leading bot mention(s): `<@U123> org=acme` → `org=acme`. */
export function stripLeadingMentions(text: string): string {
  return text.replace(/^(\s*<@[A-Z0-9]+(?:\|[^>]*)?>)+/, '').trim();
}

/**
 * A mention whose text is no command but a pasted Genesys 403, in a channel mapped to a configured org:
 * the paste listener explains it (with its Run full check button) and the mention listener stays quiet,
 * so the message gets one useful reply instead of a usage error.
 */
export function mentionCarriesPaste(text: string, channelId: string, access: ChannelAccess): boolean {
  if (parseCommandText(stripLeadingMentions(text)).kind !== 'error') return false;
  if (!access.orgsIn(channelId).some((org) => !access.isBuiltInDemo(org))) return false;
  // Mentioning the bot is asking it: the ask row of the paste decision table.
  return parsePastedError(text, undefined, 'ask').kind === 'genesys-403';
}
