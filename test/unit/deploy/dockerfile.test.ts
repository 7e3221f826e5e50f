/**
 * Dockerfile invariants, read statically (no Docker engine here). The slow end-to-end run of the same
 * steps (scripts/verify-image-steps.ts: two `npm ci`, a native compile, the app started and stopped)
 * runs only with SR_CHECK_VERIFY_IMAGE=1.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import {
  SKIPPABLE,
  commandArgv,
  contextFilter,
  parseCopy,
  parseDockerfile,
  parseHealthcheck,
  verifyImageSteps,
  type Stage,
} from '../../../scripts/verify-image-steps';

const REPO = join(__dirname, '..', '..', '..');
const text = readFileSync(join(REPO, 'Dockerfile'), 'utf8');
const dockerfile = parseDockerfile(text);
const final = dockerfile.stages[dockerfile.stages.length - 1]!;
const inContext = contextFilter(readFileSync(join(REPO, '.dockerignore'), 'utf8'));

const all = (stage: Stage, keyword: string) =>
  stage.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);
const last = (stage: Stage, keyword: string) => all(stage, keyword).pop();
const stageNamed = (name: string) => dockerfile.stages.find((s) => s.name === name);

/** The stages the final one copies from, recursively (what ends up in the image). */
function copiedFrom(stage: Stage): Map<string, string[]> {
  const sources = new Map<string, string[]>();
  for (const copy of all(stage, 'COPY').map(parseCopy)) {
    if (copy.from !== undefined) sources.set(copy.from, [...(sources.get(copy.from) ?? []), ...copy.sources]);
  }
  return sources;
}

describe('Dockerfile', () => {
  it('is multi-stage, on Node 20 slim or alpine', () => {
    expect(dockerfile.stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of dockerfile.stages)
      expect(stage.base, stage.name).toMatch(/^node:20[.\d]*-(bookworm-slim|slim|alpine[.\d]*)$/);
  });

  it('builds with npm ci and npm run build in a build stage', () => {
    const build = stageNamed('build')!;
    const runs = all(build, 'RUN');
    expect(runs.some((r) => /^npm ci\b/.test(r))).toBe(true);
    expect(runs).toContain('npm run build');
  });

  it('final stage: production dependencies only, from a stage that installs with --omit=dev --ignore-scripts then rebuilds better-sqlite3', () => {
    // The final stage itself installs nothing.
    for (const run of all(final, 'RUN')) expect(run).not.toMatch(/\bnpm (ci|install|i)\b/);
    const sources = copiedFrom(final);
    const moduleStages = [...sources]
      .filter(([, paths]) => paths.some((p) => p.includes('node_modules')))
      .map(([name]) => name);
    expect(moduleStages).toHaveLength(1);
    const deps = stageNamed(moduleStages[0]!)!;
    const runs = all(deps, 'RUN');
    const installs = runs.filter((r) => /\bnpm (ci|install|i)\b/.test(r));
    expect(installs).toHaveLength(1);
    expect(installs[0]).toMatch(/^npm ci\b/);
    expect(installs[0]).toContain('--omit=dev');
    // `prepare` runs tsc, a dev dependency that is not installed here.
    expect(installs[0]).toContain('--ignore-scripts');
    const install = runs.indexOf(installs[0]!);
    expect(runs.indexOf('npm rebuild better-sqlite3')).toBeGreaterThan(install);
    // From the build stage only the compiled output, never its node_modules (which has dev dependencies).
    expect(sources.get('build')).toEqual(['/app/dist']);
  });

  it('copies the runtime files: dist, bin, data (catalog, scopes) and scenarios', () => {
    const copies = all(final, 'COPY').map(parseCopy);
    const plain = copies.filter((c) => c.from === undefined).flatMap((c) => c.sources);
    for (const needed of ['package.json', 'bin', 'data', 'scenarios']) expect(plain).toContain(needed);
    for (const source of plain) {
      expect(existsSync(join(REPO, source)), source).toBe(true);
      expect(inContext(source), `${source} in the build context`).toBe(true);
    }
  });

  it('.dockerignore keeps secrets and local builds out of the build context', () => {
    for (const path of [
      'node_modules',
      'dist',
      '.git',
      'orgs.yml',
      '.env',
      'approvals.db',
      'test/unit/metrics.test.ts',
      'src/x.test.ts',
      'manifest/secret.template.yaml',
    ]) {
      expect(inContext(path), path).toBe(false);
    }
    for (const path of ['src/index.ts', 'data/endpoint-permissions.json', 'scenarios/demo.yaml', 'package-lock.json'])
      expect(inContext(path), path).toBe(true);
  });

  it('runs as a numeric non-root user', () => {
    const user = last(final, 'USER');
    expect(user).toMatch(/^\d+(:\d+)?$/);
    expect(Number(user!.split(':')[0])).toBeGreaterThan(0);
  });

  it('has a HEALTHCHECK on /healthz with node (no curl in slim images)', () => {
    const health = parseHealthcheck(last(final, 'HEALTHCHECK')!);
    expect(health.command[0]).toBe('node');
    expect(health.command.join(' ')).toContain('/healthz');
    expect(health.command.join(' ')).not.toMatch(/curl|wget/);
  });

  it('starts node directly with SIGTERM as the stop signal', () => {
    expect(commandArgv(last(final, 'CMD')!)).toEqual(['node', 'dist/index.js']);
    expect(last(final, 'STOPSIGNAL')).toBe('SIGTERM');
    expect(all(final, 'ENTRYPOINT')).toEqual([]);
  });

  it('EXPOSEs the ports the app listens on (PORT, METRICS_PORT) and the manifest declares', () => {
    const [exposed, metrics] = last(final, 'EXPOSE')!.split(/\s+/);
    expect(all(final, 'ENV').join(' ')).toMatch(new RegExp(`\\bPORT=${exposed}\\b`));
    expect(all(final, 'ENV').join(' ')).toMatch(new RegExp(`\\bMETRICS_PORT=${metrics}\\b`));
    const deployment = parseAllDocuments(readFileSync(join(REPO, 'manifest', 'deployment.yaml'), 'utf8'))[0]!.toJS();
    expect(String(deployment.spec.template.spec.containers[0].ports[0].containerPort)).toBe(exposed);
    expect(String(deployment.spec.template.spec.containers[0].ports[1].containerPort)).toBe(metrics);
    expect(String(deployment.spec.template.spec.securityContext.runAsUser)).toBe(last(final, 'USER')!.split(':')[0]);
  });

  it('every step the verify script skips is one that only touches the system, never an npm install or build', () => {
    const runs = dockerfile.stages.flatMap((s) => all(s, 'RUN'));
    const skipped = runs.filter((r) => SKIPPABLE.some((s) => s.pattern.test(r)));
    for (const run of skipped) expect(run).not.toMatch(/npm (ci|install|run|rebuild)/);
    // Each skip rule still matches something (a stale rule would hide a changed step).
    for (const rule of SKIPPABLE)
      expect(
        runs.some((r) => rule.pattern.test(r)),
        String(rule.pattern),
      ).toBe(true);
  });
});

describe('the HEALTHCHECK command', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  const command = parseHealthcheck(last(final, 'HEALTHCHECK')!).command;
  // Asynchronous: the server answering it lives in this process's event loop.
  const probe = (port: number) =>
    new Promise<number | null>((resolve) => {
      // PORT points elsewhere: the probe must use METRICS_PORT, where /healthz is served.
      const child = spawn(command[0]!, command.slice(1), {
        env: { ...process.env, PORT: '1', METRICS_PORT: String(port) },
        stdio: 'ignore',
        timeout: 10_000,
      });
      child.on('exit', (code) => resolve(code));
    });

  async function serve(status: number): Promise<{ port: number; paths: string[] }> {
    const paths: string[] = [];
    server = createServer((req, res) => {
      paths.push(req.url ?? '');
      res.writeHead(status);
      res.end();
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return { port: (server.address() as AddressInfo).port, paths };
  }

  it('exits 0 when /healthz answers 200, on the port from METRICS_PORT', async () => {
    const { port, paths } = await serve(200);
    expect(await probe(port)).toBe(0);
    expect(paths).toEqual(['/healthz']);
  });

  it('exits 1 on an error status or when nothing listens', async () => {
    const { port } = await serve(503);
    expect(await probe(port)).toBe(1);
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    expect(await probe(port)).toBe(1);
  });
});

describe.runIf(process.env.SR_CHECK_VERIFY_IMAGE === '1')(
  'image steps run outside Docker (SR_CHECK_VERIFY_IMAGE=1)',
  () => {
    it('builds, installs production dependencies only, and the app runs', { timeout: 20 * 60_000 }, async () => {
      const lines: string[] = [];
      const result = await verifyImageSteps({ repo: REPO, log: (line) => lines.push(line) });
      expect(result.failures, lines.join('\n')).toEqual([]);
    });
  },
);
