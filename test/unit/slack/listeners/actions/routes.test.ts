/**
 * One Bolt listener routes every button (listeners/actions/index.ts) and one every modal (views/index.ts): each
 * action id and callback id our blocks carry reaches its listener, and nothing else does.
 */
import type { App } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { ACTION_IDS } from '../../../../../src/slack/button-values';
import { CHECK_CALLBACK_ID } from '../../../../../src/slack/blocks/check-modal';
import { DENY_CALLBACK_ID } from '../../../../../src/slack/blocks/deny-modal';
import { TERRAFORM_ACTION_ID } from '../../../../../src/slack/blocks/terraform';
import { actionRoutes, registerActions } from '../../../../../src/slack/listeners/actions';
import { registerViews, viewRoutes } from '../../../../../src/slack/listeners/views';
import { boltArgs, buttonBody, fakeContext, recorder } from '../fakes';

describe('action routes', () => {
  const route = actionRoutes(fakeContext(recorder()));

  it('every action id our buttons carry has a listener, each kind its own', () => {
    const ids = [
      'rerun',
      'rerun:7',
      'fix:0',
      'fix:999',
      'fix-timed:3',
      ACTION_IDS.approve,
      ACTION_IDS.deny,
      ACTION_IDS.details,
      TERRAFORM_ACTION_ID,
      ACTION_IDS.homeRunCheck,
    ];
    const listeners = ids.map((id) => route(id));
    expect(listeners.every((l) => typeof l === 'function')).toBe(true);
    // rerun and rerun:N share one listener, fix:N another; fix-timed, approve, deny and the rest are each apart.
    expect(new Set(listeners).size).toBe(8);
    expect(route('fix:1')).toBe(route('fix:2'));
    expect(route('fix:1')).not.toBe(route('fix-timed:1'));
    expect(route(ACTION_IDS.approve)).not.toBe(route(ACTION_IDS.deny));
  });

  it('an id no button of ours carries has none', () => {
    for (const id of ['rerun:123', 'rerunx', 'fix:', 'fix:1000', 'fix-timed:x', 'approval:maybe', 'xrerun', ''])
      expect(route(id), id).toBeUndefined();
  });

  it('is one Bolt listener, which leaves an unknown action unanswered and hands a known one on', async () => {
    const registered: Array<(args: unknown) => Promise<void>> = [];
    const app = {
      action: (_constraints: unknown, listener: (args: unknown) => Promise<void>) => registered.push(listener),
    };
    const rec = recorder();
    registerActions(app as unknown as App, fakeContext(rec));
    expect(registered).toHaveLength(1);
    const unknown = buttonBody('CACME', '{}', 'not-ours');
    await registered[0]!({ ...boltArgs(rec), body: unknown.body, action: unknown.action });
    expect(rec.calls).toEqual([]);
    // A Details click with a value that is no request id: its listener acks first, then refuses.
    const details = buttonBody('CACME', 'not a request id', ACTION_IDS.details);
    await registered[0]!({ ...boltArgs(rec), body: details.body, action: details.action });
    expect(rec.calls[0]).toMatchObject({ kind: 'ack' });
  });
});

describe('view routes', () => {
  it('the check modal and the deny reason modal each have their listener; nothing else does', () => {
    const route = viewRoutes(fakeContext(recorder()));
    expect(route(CHECK_CALLBACK_ID)).toBeTypeOf('function');
    expect(route(DENY_CALLBACK_ID)).toBeTypeOf('function');
    expect(route(CHECK_CALLBACK_ID)).not.toBe(route(DENY_CALLBACK_ID));
    expect(route('explain_403')).toBeUndefined();
  });

  it('is one Bolt listener', () => {
    const registered: unknown[] = [];
    const app = { view: (_constraints: unknown, listener: unknown) => registered.push(listener) };
    registerViews(app as unknown as App, fakeContext(recorder()));
    expect(registered).toHaveLength(1);
  });
});
