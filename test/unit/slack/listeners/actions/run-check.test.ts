/** App Home's "Run a check", called directly. */
import { describe, expect, it } from 'vitest';
import { runCheckButton } from '../../../../../src/slack/listeners/actions/run-check';
import { boltArgs, fakeContext, recorder } from '../fakes';

async function click(failing: Record<string, Error> = {}) {
  const rec = recorder();
  await runCheckButton(fakeContext(rec))({ ...boltArgs(rec, failing), body: { trigger_id: 'trigger-1' } } as never);
  return rec;
}

describe('run-a-check button (listener)', () => {
  it('acks first, then opens the check modal listing no org (Home shows no org names)', async () => {
    const rec = await click();
    expect(rec.calls[0]).toEqual({ kind: 'ack' });
    expect(rec.calls[1]).toMatchObject({ kind: 'slack', method: 'views.open', args: { trigger_id: 'trigger-1' } });
    expect(JSON.stringify(rec.calls[1])).not.toContain('acme');
  });

  it('Slack refuses the modal: logged, never thrown', async () => {
    const rec = await click({ 'views.open': new Error('expired_trigger_id') });
    expect(rec.calls).toContainEqual({
      kind: 'log',
      level: 'warn',
      msg: 'could not open the check modal from App Home',
    });
  });
});
