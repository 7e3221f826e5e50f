/**
 * One writer per kind of Slack message change (issue 13): chat.postMessage and chat.update are each called in
 * exactly one place in src/slack (the wrappers in post.ts), so no path skips what the wrapper does
 * (unfurls off, the metadata tag that lets a post whose answer was lost be found instead of re-sent).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..', '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : full.endsWith('.ts') ? [full] : [];
  });
}

/** `file:line` of every call of `chat.<method>(` in src/slack. */
function callSites(method: string): string[] {
  const pattern = new RegExp(`\\.chat\\.${method}\\(`);
  return sourceFiles(join(root, 'src', 'slack')).flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .flatMap((line, i) => (pattern.test(line) ? [`${relative(root, file)}:${i + 1}`] : [])),
  );
}

describe('Slack message writers', () => {
  it('calls chat.postMessage in one place only (the postMessage wrapper)', () => {
    const sites = callSites('postMessage');
    expect(sites).toHaveLength(1);
    expect(sites[0]).toMatch(/^src\/slack\/post\.ts:/);
  });

  it('calls chat.update in one place only (the updateMessage wrapper)', () => {
    const sites = callSites('update');
    expect(sites).toHaveLength(1);
    expect(sites[0]).toMatch(/^src\/slack\/post\.ts:/);
  });

  it('calls chat.postEphemeral in one place only (replyPrivately, with its one error policy)', () => {
    const sites = callSites('postEphemeral');
    expect(sites).toHaveLength(1);
    expect(sites[0]).toMatch(/^src\/slack\/post\.ts:/);
  });
});
