/** `/sr-check`, called directly: what is answered in the ack itself, and that a check is acked before it runs. */
import { describe, expect, it } from 'vitest';
import { srCheckCommand } from '../../../../../src/slack/listeners/commands/sr-check';
import type { ListenerContext } from '../../../../../src/slack/listener-context';
import { boltArgs, type Call, fakeContext, recorder } from '../fakes';

async function command(text: string, channel = 'CACME', refusal?: string) {
  const rec = recorder();
  // The queue's answer to a new check (check-limiter.ts): a place, unless a test says it would turn it away.
  const runner = {
    admit: () => (refusal ? { ok: false, message: refusal } : { ok: true, place: { release: () => undefined } }),
  } as unknown as ListenerContext['runner'];
  // The check itself is not run here (check-flow has its own tests; e2e runs it on the wire): only handed off.
  const inFlight = {
    run: async () => {
      rec.calls.push({ kind: 'slack', method: '(check handed to inFlight)', args: {} });
    },
  } as unknown as ListenerContext['inFlight'];
  const ctx = fakeContext(rec, { inFlight, runner });
  const cmd = { text, channel_id: channel, user_id: 'UASKER', trigger_id: 'trigger-1', command: '/sr-check' };
  await srCheckCommand(ctx)({ ...boltArgs(rec), command: cmd } as never);
  return rec;
}

const ackText = (c: Call | undefined) =>
  c?.kind === 'ack' ? (c.payload as { text?: string } | undefined)?.text : undefined;

describe('/sr-check (listener)', () => {
  it('a check: acked at once with "Checking acme", then handed to the in-flight runner', async () => {
    const rec = await command('org=acme op=recordings');
    expect(rec.calls[0]).toMatchObject({ kind: 'ack', payload: { response_type: 'ephemeral' } });
    expect(ackText(rec.calls[0])).toMatch(/acme/);
    expect(rec.calls[1]).toMatchObject({ method: '(check handed to inFlight)' });
    expect(rec.calls).toHaveLength(2);
  });

  it('a check the queue would turn away: the refusal is the ack itself, nothing handed on', async () => {
    const rec = await command('org=acme op=recordings', 'CACME', 'sr-check is busy');
    expect(rec.calls).toHaveLength(1);
    expect(ackText(rec.calls[0])).toMatch(/^sr-check is busy\n/);
  });

  it('a place the queue gave is given back when the ack fails (no check will run for it)', async () => {
    const rec = recorder();
    let released = 0;
    const runner = {
      admit: () => ({ ok: true, place: { release: () => void (released += 1) } }),
    } as unknown as ListenerContext['runner'];
    const cmd = { text: 'org=acme', channel_id: 'CACME', user_id: 'UASKER', trigger_id: 't', command: '/sr-check' };
    const ack = async () => {
      throw new Error('the ack could not be sent');
    };
    await expect(
      srCheckCommand(fakeContext(rec, { runner }))({ ...boltArgs(rec), ack, command: cmd } as never),
    ).rejects.toThrow('the ack could not be sent');
    expect(released).toBe(1);
  });

  it('an org not mapped to this channel: refused in the ack itself, nothing run', async () => {
    const rec = await command('org=acme op=recordings', 'COTHER');
    expect(rec.calls).toHaveLength(1);
    expect(ackText(rec.calls[0])).toMatch(/No org "acme" is available in this channel/);
  });

  it('typed alone: acks, then opens the check modal with the channel org preselected', async () => {
    const rec = await command('');
    expect(rec.calls[0]).toEqual({ kind: 'ack' });
    expect(rec.calls[1]).toMatchObject({ kind: 'slack', method: 'views.open', args: { trigger_id: 'trigger-1' } });
  });

  it('typed alone in a channel with no org: says so in the ack, no modal', async () => {
    const rec = await command('', 'COTHER');
    expect(rec.calls).toHaveLength(1);
    expect(rec.calls[0]).toMatchObject({ kind: 'ack', payload: { response_type: 'ephemeral' } });
  });

  it("a channel's only org may be left out: the words are read with it (not as typed, which names no org)", async () => {
    const rec = await command('op=recordings');
    expect(rec.calls).toHaveLength(2);
    expect(ackText(rec.calls[0])).toMatch(/^Checking acme/);
  });

  it('text that does not split (a shell operator): answered in the ack, nothing run', async () => {
    const rec = await command('org=acme ; op=recordings');
    expect(rec.calls).toHaveLength(1);
    expect(ackText(rec.calls[0])).toMatch(/unexpected ";"/);
  });

  it('the same refusal again gets the same escaped words (each refusal is escaped once, then reused)', async () => {
    const rec = recorder();
    const runner = {
      admit: () => ({ ok: false, message: 'busy <!channel> & more' }),
    } as unknown as ListenerContext['runner'];
    const listener = srCheckCommand(fakeContext(rec, { runner }));
    const cmd = { text: 'org=acme', channel_id: 'CACME', user_id: 'UASKER', trigger_id: 't', command: '/sr-check' };
    await listener({ ...boltArgs(rec), command: cmd } as never);
    await listener({ ...boltArgs(rec), command: { ...cmd, trigger_id: 't2' } } as never);
    const [first, second] = rec.calls.map(ackText);
    expect(first).toBe(second);
    expect(first).toMatch(/^busy &lt;!channel&gt; &amp; more\n/);
  });

  it('a grammar error: answered in the ack with what was wrong', async () => {
    const rec = await command('org=acme op=recordings colour=blue');
    expect(rec.calls).toHaveLength(1);
    expect(ackText(rec.calls[0])).toMatch(/colour/);
  });
});
