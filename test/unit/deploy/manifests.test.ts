/**
 * manifest/*.yaml: valid against the Kubernetes schemas (offline, see k8s-schema.ts), and the
 * deployment invariants the issue asks for, including that the ConfigMap's orgs file and the env the
 * Deployment builds from the Secret pass sr-check's own start-up validation.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config';
import { loadSlackSettings } from '../../../src/config/slack-settings';
import { validateManifest } from './k8s-schema';

const MANIFEST_DIR = join(__dirname, '..', '..', '..', 'manifest');
const DRAIN_SECONDS = 25; // DRAIN_MS in src/index.ts

type Doc = Record<string, any>;

const files = readdirSync(MANIFEST_DIR).filter((f) => /\.ya?ml$/.test(f));
const docs: Array<{ file: string; doc: Doc }> = files.flatMap((file) =>
  parseAllDocuments(readFileSync(join(MANIFEST_DIR, file), 'utf8')).map((d) => {
    if (d.errors.length > 0) throw new Error(`${file}: ${d.errors.map((e) => e.message).join('; ')}`);
    return { file, doc: d.toJS() as Doc };
  }),
);

function only(kind: string): Doc {
  const found = docs.filter((d) => d.doc.kind === kind);
  expect(found, `exactly one ${kind}`).toHaveLength(1);
  return found[0]!.doc;
}

/** The app's Service (Slack's port); the metrics Service is checked on its own. */
function appService(): Doc {
  const found = docs.filter((d) => d.doc.kind === 'Service' && d.doc.metadata.name === 'sr-check');
  expect(found, 'the sr-check Service').toHaveLength(1);
  return found[0]!.doc;
}

const deployment = only('Deployment');
const pod = deployment.spec.template.spec as Doc;
const container = (pod.containers as Doc[])[0]!;
const env = container.env as Doc[];
const secret = only('Secret');
const configMap = only('ConfigMap');

describe('manifest/ against the Kubernetes schemas', () => {
  it.each(docs.map((d) => [`${d.file}: ${d.doc.kind} ${d.doc.metadata?.name}`, d.doc] as const))(
    '%s is valid',
    (_name, doc) => {
      expect(validateManifest(doc)).toEqual([]);
    },
  );

  it('the strict check catches a misspelt field (positive control)', () => {
    const broken = structuredClone(deployment);
    broken.spec.template.spec.containers[0].readinesProbe = broken.spec.template.spec.containers[0].readinessProbe;
    expect(validateManifest(broken)).toEqual([
      'apps/v1/Deployment: unknown field spec.template.spec.containers[0].readinesProbe',
    ]);
    const wrongType = structuredClone(deployment);
    wrongType.spec.replicas = 'two';
    expect(validateManifest(wrongType).join('\n')).toMatch(/replicas must be integer/);
  });

  it('holds the expected resources', () => {
    expect(docs.map((d) => d.doc.kind).sort()).toEqual([
      'ConfigMap',
      'Deployment',
      'NetworkPolicy',
      'PodDisruptionBudget',
      'Secret',
      'Service',
      'Service',
    ]);
  });
});

describe('Deployment', () => {
  it('runs two replicas and never drops below them in a rollout', () => {
    expect(deployment.spec.replicas).toBe(2);
    expect(deployment.spec.strategy.rollingUpdate.maxUnavailable).toBe(0);
  });

  it('probes readiness on /readyz and liveness on /healthz on the metrics port (METRICS_PORT), never the Slack port', () => {
    const metrics = container.ports.find((p: { name: string }) => p.name === 'metrics');
    expect(metrics).toBeDefined();
    expect(String(env.find((e) => e.name === 'METRICS_PORT')?.value)).toBe(String(metrics.containerPort));
    expect(metrics.containerPort).not.toBe(container.ports[0].containerPort);
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'metrics' });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'metrics' });
    expect(container.startupProbe.httpGet).toEqual({ path: '/healthz', port: 'metrics' });
    expect(String(deployment.spec.template.metadata.annotations['prometheus.io/port'])).toBe(
      String(metrics.containerPort),
    );
  });

  it('the Service exposes only the Slack port, not the metrics and probes port', () => {
    const service = appService();
    expect(service.spec.ports.map((p: { targetPort: unknown }) => p.targetPort)).toEqual([container.ports[0].name]);
  });

  it('declares resource requests and limits', () => {
    for (const kind of ['requests', 'limits']) {
      expect(container.resources[kind].cpu, kind).toBeDefined();
      expect(container.resources[kind].memory, kind).toBeDefined();
    }
  });

  it('runs as non-root with a read-only root filesystem, no privilege escalation and no capabilities', () => {
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
    expect(container.securityContext).toMatchObject({
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(pod.automountServiceAccountToken).toBe(false);
  });

  it('mounts writable emptyDirs where the app writes: /tmp and the SQLite directory', () => {
    const emptyDirs = new Set((pod.volumes as Doc[]).filter((v) => v.emptyDir).map((v) => v.name as string));
    const mounts = container.volumeMounts as Doc[];
    const writable = mounts.filter((m) => emptyDirs.has(m.name) && !m.readOnly).map((m) => m.mountPath);
    expect(writable).toContain('/tmp');
    // The image's SR_CHECK_DB lives in /var/lib/sr-check (Dockerfile ENV).
    const dockerfile = readFileSync(join(__dirname, '..', '..', '..', 'Dockerfile'), 'utf8');
    const dbDir = /SR_CHECK_DB=(\S+)\/[^/\s]+/.exec(dockerfile)?.[1];
    expect(dbDir).toBeDefined();
    expect(writable).toContain(dbDir);
  });

  it('gives SIGTERM time to drain: grace period > preStop + the app drain', () => {
    const preStop = Number(container.lifecycle.preStop.exec.command[1]);
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(preStop + DRAIN_SECONDS);
  });

  it('mounts the ConfigMap orgs file where SR_CHECK_CONFIG points', () => {
    const configPath = env.find((e) => e.name === 'SR_CHECK_CONFIG')?.value as string;
    const volume = (pod.volumes as Doc[]).find((v) => v.configMap?.name === configMap.metadata.name)!;
    const mount = (container.volumeMounts as Doc[]).find((m) => m.name === volume.name)!;
    expect(mount.readOnly).toBe(true);
    const item = (volume.configMap.items as Doc[]).find((i) => `${mount.mountPath}/${i.path}` === configPath);
    expect(item, `a ConfigMap item mounted at ${configPath}`).toBeDefined();
    expect(Object.keys(configMap.data)).toContain(item!.key);
  });

  it('takes every credential from the Secret, and SR_CHECK_DATABASE_URL so the replicas share PostgreSQL', () => {
    const fromSecret = env.filter((e) => e.valueFrom?.secretKeyRef);
    for (const e of fromSecret) {
      expect(e.valueFrom.secretKeyRef.name).toBe(secret.metadata.name);
      const required = e.valueFrom.secretKeyRef.optional !== true;
      if (required)
        expect(Object.keys(secret.stringData), `Secret template key ${e.valueFrom.secretKeyRef.key}`).toContain(
          e.valueFrom.secretKeyRef.key,
        );
    }
    const names = fromSecret.map((e) => e.name);
    expect(names).toEqual(expect.arrayContaining(['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SR_CHECK_DATABASE_URL']));
    // No secret written inline as a plain env value.
    for (const e of env.filter((x) => x.value !== undefined))
      expect(e.name).not.toMatch(/TOKEN|SECRET|PASSWORD|DATABASE_URL/);
  });

  it('listens on the port the image exposes and the Service targets', () => {
    const service = appService();
    const port = container.ports[0];
    expect(String(env.find((e) => e.name === 'PORT')?.value)).toBe(String(port.containerPort));
    expect(service.spec.ports[0].targetPort).toBe(port.name);
    const dockerfile = readFileSync(join(__dirname, '..', '..', '..', 'Dockerfile'), 'utf8');
    expect(/^EXPOSE (\d+)/m.exec(dockerfile)?.[1]).toBe(String(port.containerPort));
  });

  it('the Service and the PodDisruptionBudget select the Deployment pods; the budget keeps one', () => {
    const labels = deployment.spec.template.metadata.labels as Record<string, string>;
    expect(deployment.spec.selector.matchLabels).toEqual(labels);
    expect(appService().spec.selector).toEqual(labels);
    const pdb = only('PodDisruptionBudget');
    expect(pdb.spec.selector.matchLabels).toEqual(labels);
    expect(pdb.spec.minAvailable).toBe(1);
  });
});

describe('Secret template', () => {
  it('is clearly a template: every value is a placeholder', () => {
    expect(secret.metadata.annotations['sr-check/template']).toMatch(/^true/);
    expect(readFileSync(join(MANIFEST_DIR, 'secret.template.yaml'), 'utf8')).toMatch(/^# TEMPLATE: do not apply as is/);
    for (const [key, value] of Object.entries(secret.stringData as Record<string, string>))
      expect(value, key).toMatch(/REPLACE_ME/);
    expect(secret.data).toBeUndefined();
  });
});

describe('ConfigMap orgs file + Deployment env', () => {
  it('pass sr-check start-up validation (config file and Slack settings)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sr-check-manifest-'));
    try {
      const configFile = join(dir, 'orgs.yml');
      writeFileSync(configFile, configMap.data['orgs.yml'] as string);
      // The env the pod gets, with made-up secret values in place of the Secret's.
      const podEnv: NodeJS.ProcessEnv = {};
      for (const e of env) {
        if (e.value !== undefined) podEnv[e.name] = String(e.value);
        else if (e.valueFrom?.secretKeyRef && e.valueFrom.secretKeyRef.optional !== true) {
          const fake = `LEAKCANARY-${String(e.name).toLowerCase()}`;
          podEnv[e.name] = e.name === 'SLACK_BOT_TOKEN' ? `xoxb-${fake}` : fake;
        }
      }
      podEnv.SR_CHECK_CONFIG = configFile;
      // The mounted Secret: each key the genesys-secrets volume projects, as a file, at the mount's path here.
      const mount = (container.volumeMounts as Doc[]).find((m) => m.name === 'genesys-secrets')!;
      const volume = (pod.volumes as Doc[]).find((v) => v.name === 'genesys-secrets')!;
      expect(volume.secret.secretName).toBe(secret.metadata.name);
      const secretsDir = join(dir, 'secrets');
      mkdirSync(secretsDir);
      for (const item of volume.secret.items as Doc[]) {
        expect(Object.keys(secret.stringData)).toContain(item.key);
        writeFileSync(join(secretsDir, item.path), `LEAKCANARY-${item.key}`);
      }
      writeFileSync(
        configFile,
        (configMap.data['orgs.yml'] as string).split(`${mount.mountPath}/`).join(`${secretsDir}/`),
      );
      const slack = loadSlackSettings(podEnv);
      expect(slack.ok ? [] : slack.errors).toEqual([]);
      const loaded = loadConfig(configFile, podEnv);
      expect(loaded.ok ? [] : loaded.errors).toEqual([]);
      // Secrets from mounted files are the default: every Genesys secret is a clientSecretFile under the mount.
      const orgsFile = configMap.data['orgs.yml'] as string;
      expect(orgsFile).not.toMatch(/clientSecretEnv:/);
      const files = [...orgsFile.matchAll(/clientSecretFile:\s*(\S+)/g)].map((m) => m[1]!);
      expect(files.length).toBeGreaterThan(0);
      for (const file of files) {
        expect(file.startsWith(`${mount.mountPath}/`), file).toBe(true);
        expect((volume.secret.items as Doc[]).map((i) => i.path)).toContain(file.slice(mount.mountPath.length + 1));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('metrics port: a Service for the scrapers, and a NetworkPolicy that keeps it to them', () => {
  const metricsService = docs.find((d) => d.doc.kind === 'Service' && d.doc.metadata.name === 'sr-check-metrics')!.doc;
  const policy = only('NetworkPolicy');
  const podLabels = deployment.spec.template.metadata.labels as Record<string, string>;
  const portNamed = (name: string) => (container.ports as Doc[]).find((p) => p.name === name)!;

  it('the metrics Service selects the pods and targets the metrics port (METRICS_PORT) only', () => {
    expect(metricsService.spec.selector).toEqual(podLabels);
    expect(metricsService.spec.ports.map((p: Doc) => p.targetPort)).toEqual(['metrics']);
    const metricsPort = env.find((e) => e.name === 'METRICS_PORT')!.value;
    expect(String(portNamed('metrics').containerPort)).toBe(metricsPort);
  });

  it('the NetworkPolicy covers the pods: Slack port open, metrics port from the monitoring namespace only', () => {
    expect(policy.spec.podSelector.matchLabels).toEqual(podLabels);
    expect(policy.spec.policyTypes).toEqual(['Ingress']);
    const rules = policy.spec.ingress as Doc[];
    const byPort = (name: string) => rules.filter((r) => (r.ports as Doc[]).some((p) => p.port === name));
    expect(byPort('http')).toHaveLength(1);
    expect(byPort('http')[0]!.from).toBeUndefined();
    expect(byPort('metrics')).toHaveLength(1);
    expect(byPort('metrics')[0]!.from).toEqual([
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } },
    ]);
    // Every port the pod listens on is named by a rule: nothing else gets in (the policy selects the pod).
    expect(rules.flatMap((r) => (r.ports as Doc[]).map((p) => p.port)).sort()).toEqual(
      (container.ports as Doc[]).map((p) => p.name).sort(),
    );
  });
});
