/** Shared pieces of the end-to-end tests: simulator-backed orgs, gated/counting runners, block walkers. */
import type { OrgConfig } from '../../src/config/types';
import { orgConfigForSimulator } from '../../src/demo';
import type { DiagnoseOutcome } from '../../src/diagnosis/diagnose';
import type { Facts } from '../../src/diagnosis/facts';
import type { Verdict } from '../../src/diagnosis/verdict';
import { startSimulator, type RunningSimulator } from '../../src/sim';
import type { CheckRunner } from '../../src/slack/check-runner';

export async function simulatedOrg(
  scenario: string,
  name: string,
  channels: string[],
): Promise<{ org: OrgConfig; sim: RunningSimulator }> {
  const sim = await startSimulator({ scenario });
  return { org: { ...orgConfigForSimulator(sim, name), channels }, sim };
}

/** Counts runs and holds each one until `release()` (so a test can observe the ack before the verdict). */
export function gatedRunner(): {
  wrap: (runner: CheckRunner) => CheckRunner;
  release: () => void;
  readonly runs: number;
} {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  let runs = 0;
  return {
    wrap: (runner) => ({
      rolesFor: (org, operation) => runner.rolesFor(org, operation),
      async run(request, requestId) {
        runs += 1;
        await gate;
        return runner.run(request, requestId);
      },
    }),
    release: () => release(),
    get runs() {
      return runs;
    },
  };
}

/** Counts runs, otherwise the real runner. */
export function countingRunner(): { wrap: (runner: CheckRunner) => CheckRunner; readonly runs: number } {
  let runs = 0;
  return {
    wrap: (runner) => ({
      rolesFor: (org, operation) => runner.rolesFor(org, operation),
      run(request, requestId) {
        runs += 1;
        return runner.run(request, requestId);
      },
    }),
    get runs() {
      return runs;
    },
  };
}

/** A runner that answers every request with this verdict (for renderer limits and escaping through HTTP). */
export function fixedVerdictRunner(verdict: Verdict, fixerAvailable = true): (runner: CheckRunner) => CheckRunner {
  return () => ({
    async rolesFor() {
      return undefined;
    },
    async run(): Promise<DiagnoseOutcome> {
      return { ok: true, verdict, facts: {} as Facts, fixerAvailable };
    },
  });
}

/** Every string stored under a `text` key anywhere in a message (blocks and top-level text). */
export function allTextFields(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) allTextFields(v, out);
  else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (key === 'text' && typeof v === 'string') out.push(v);
      else allTextFields(v, out);
    }
  }
  return out;
}

/** Every text object (`{type, text}`) in the blocks. */
export function textObjects(value: unknown, out: Array<Record<string, unknown>> = []): Array<Record<string, unknown>> {
  if (Array.isArray(value)) for (const v of value) textObjects(v, out);
  else if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    if ((obj.type === 'mrkdwn' || obj.type === 'plain_text') && typeof obj.text === 'string') out.push(obj);
    for (const v of Object.values(obj)) textObjects(v, out);
  }
  return out;
}

export type Block = Record<string, any>;

/** A Block Kit button as the e2e tests read it. */
export type Button = { action_id: string; value: string; text: { text: string }; style?: string };

/** The buttons of a message's actions blocks, in order. */
export function buttonsOf(blocks: Block[] | undefined): Button[] {
  return (blocks ?? []).filter((b) => b.type === 'actions').flatMap((b) => b.elements as Button[]);
}
