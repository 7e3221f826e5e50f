/**
 * From a CheckRequest to a Verdict: resolve the org, identity and operations, gather facts, run the checks.
 * Every surface (CLI, slash command, mention, paste button, post-fix re-check) comes through here.
 */
import { setImmediate as afterPendingIo } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Catalog, Operation } from '../catalog/catalog';
import { DEFAULT_ALIAS, lookupOperations } from '../catalog/aliases';
import type { AppConfig, OrgConfig } from '../config/types';
import type { GenesysApi } from '../genesys/api';
import { newCallCounter } from '../genesys/call-counter';
import type { CheckMetrics } from '../metrics';
import { runChecks } from './checks';
import type { Facts, IdentityRef } from './facts';
import { gatherFacts } from './gather';
import type { CheckRequest } from '../request/grammar';
import { requirementFor } from '../catalog/operation-rules';
import { proposeRoles, rolesMeeting } from './least-privilege';
import type { Role } from '../genesys/models';
import { overallStatus, type Verdict } from './verdict';
import { ProbeRunner, type ProbeClient } from './probe/runner';
import type { ProbeSlotStore } from './probe/slots';
import { withConfiguredFixesOnly } from './fixable-operations';

export type DiagnoseOutcome =
  /** fixerAvailable: the org has fixer credentials, so the verdict's fixes can be requested (fix buttons). */
  { ok: true; verdict: Verdict; facts: Facts; fixerAvailable: boolean } | { ok: false; message: string };

export interface DiagnoserDeps {
  config: AppConfig;
  catalog: Catalog;
  /** The diagnostic (read-only) Genesys client of an org. */
  diagnosticApi: (org: OrgConfig) => GenesysApi;
  /**
   * A fresh client of the org's optional probe credentials (the integration's own), for the read-only probe:
   * made only when a probe is sent, and closed after it. Undefined when the org has none.
   */
  probeApi?: (org: OrgConfig) => ProbeClient | undefined;
  logger: Logger;
  now?: () => number;
  metrics?: CheckMetrics;
  /** The shared store's probe slots: the probe's per-org limit across replicas (probe-slots.ts). */
  probeSlots?: ProbeSlotStore;
}

export class Diagnoser {
  private readonly allPermissions: readonly string[];
  private readonly now: () => number;
  /** The probe check, and its per-org limit (one probe per org per interval). */
  private readonly probes: ProbeRunner;

  constructor(private readonly deps: DiagnoserDeps) {
    // The catalog's own list, the same array for every Diagnoser: grantedCount keeps its counts by it.
    this.allPermissions = deps.catalog.permissions();
    this.now = deps.now ?? Date.now;
    this.probes = new ProbeRunner({
      now: this.now,
      client: deps.probeApi,
      metrics: deps.metrics,
      logger: deps.logger,
      ...(deps.probeSlots ? { slots: deps.probeSlots } : {}),
    });
  }

  async diagnose(request: CheckRequest, requestId = 'cli'): Promise<DiagnoseOutcome> {
    const started = performance.now();
    const org = this.deps.config.orgs.get(request.org);
    if (!org) return { ok: false, message: `Unknown org "${request.org}". ${orgList(this.deps.config)}` };

    const operations = this.resolveOperations(request, org);
    if (!operations.ok) return operations;
    const identity = resolveIdentity(request, org);
    if (!identity.ok) return identity;

    const target = callTarget(request, operations.params);
    if (!target.ok) return target;
    const api = this.deps.diagnosticApi(org);
    const counter = newCallCounter();
    const facts = await gatherFacts(api, {
      orgName: org.name,
      expectedOrgId: org.orgId,
      requiredProduct: org.requiredProduct,
      scopeEnforcement: org.scopeEnforcement,
      identity: identity.identity,
      operations: operations.operations,
      interactionId: target.interactionId,
      recordingId: target.recordingId,
      ...(org.fixer ? { fixerClientId: org.fixer.clientId } : {}),
      fresh: request.fresh,
      now: this.now,
      counter,
    });
    // After the facts: the probe compares its answer with the role check's prediction. Without probe
    // credentials it sends nothing and resolves at once (no extra round).
    const probe = await this.probes.check(org, facts, counter);
    // The last answer's I/O callback would otherwise run the judging too: requests that arrived meanwhile (Slack
    // acknowledgements) are answered first. One loop turn, no timer.
    await afterPendingIo();
    // Fixes only for the org's configured operations: op= may name any call, including sr-check's own admin ones.
    const checks = withConfiguredFixesOnly(
      [...runChecks(facts, { allPermissions: this.allPermissions }), probe],
      facts.operations,
      org,
      this.deps.catalog,
    );
    const disagreement = probe.probe?.disagreement;
    const verdict: Verdict = {
      org: org.name,
      identity: identityOf(facts),
      operations: facts.operations.map((op) => ({ method: op.method, path: op.template })),
      overall: overallStatus(checks),
      checks,
      missingPermissions: [...new Set(checks.flatMap((c) => c.missingPermissions ?? []))],
      ...(disagreement ? { modelDisagreement: disagreement } : {}),
      apiCalls: counter.calls,
      durationMs: Math.round(performance.now() - started),
    };
    this.deps.metrics?.recordCheck(verdict.overall, verdict.durationMs / 1000, org.name);
    this.deps.logger.info(
      {
        org: org.name,
        requestId,
        durationMs: verdict.durationMs,
        apiCalls: verdict.apiCalls,
        verdict: verdict.overall,
      },
      'check finished',
    );
    return { ok: true, verdict, facts, fixerAvailable: org.fixer !== undefined };
  }

  /**
   * The names of the org's roles and those that alone meet `operation`'s requirement (a screen recording
   * assumed), for answering a role someone named; undefined when the org or its roles cannot be read.
   */
  async rolesFor(
    orgName: string,
    operation: Operation | undefined,
  ): Promise<{ names: string[]; meeting: string[] } | undefined> {
    const org = this.deps.config.orgs.get(orgName);
    if (!org) return undefined;
    const roles = await this.deps.diagnosticApi(org).listRoles();
    if (!roles.ok) return undefined;
    const readable = roles.value.filter((r) => r.permissionPolicies !== undefined);
    const meeting = operation
      ? rolesMeeting(requirementFor(operation).clauses, readable, this.allPermissions).map((r) => r.name)
      : [];
    return { names: roles.value.map((r) => r.name), meeting };
  }

  /**
   * The existing roles sr-check would propose for the org's operations to an identity holding none (a screen
   * recording assumed, never an administration role); undefined when the org or its roles cannot be read. What
   * `doctor` compares with the fixer's own roles: a client can only hand out roles it holds.
   */
  async proposableRoles(orgName: string): Promise<Role[] | undefined> {
    const org = this.deps.config.orgs.get(orgName);
    if (!org) return undefined;
    const operations = this.resolveOperations({ org: orgName, fresh: false } as CheckRequest, org);
    if (!operations.ok) return undefined;
    const roles = await this.deps.diagnosticApi(org).listRoles();
    if (!roles.ok) return undefined;
    const readable = roles.value.filter((r) => r.permissionPolicies !== undefined);
    const clauses = operations.operations.flatMap((op) => requirementFor(op).clauses);
    return proposeRoles(clauses, readable, this.allPermissions).roles.map((choice) => choice.role);
  }

  private resolveOperations(
    request: CheckRequest,
    org: OrgConfig,
  ): { ok: true; operations: Operation[]; params: Record<string, string> } | { ok: false; message: string } {
    const specs = request.op ? [request.op] : org.operations.length > 0 ? org.operations : [DEFAULT_ALIAS];
    const seen = new Map<string, Operation>();
    let params: Record<string, string> = {};
    for (const spec of specs) {
      const found = lookupOperations(this.deps.catalog, spec);
      if (!found.ok) return { ok: false, message: found.message };
      for (const op of found.operations) seen.set(`${op.method} ${op.template}`, op);
      // Only the request's own op= names a concrete call; configured defaults are templates or aliases.
      if (request.op) params = found.params;
    }
    return { ok: true, operations: [...seen.values()], params };
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The conversation and recording a request is about: `interaction=`, or the ids in a concrete `op=` path. */
function callTarget(
  request: CheckRequest,
  params: Record<string, string>,
): { ok: true; interactionId?: string; recordingId?: string } | { ok: false; message: string } {
  const fromPath = params.conversationId?.toLowerCase();
  if (fromPath !== undefined && !UUID.test(fromPath))
    return {
      ok: false,
      message: `The conversation id in op= ("${fromPath.slice(0, 40)}") is not a Genesys id (a UUID).`,
    };
  if (fromPath && request.interaction && fromPath !== request.interaction) {
    return {
      ok: false,
      message: `interaction=${request.interaction} and the conversation in op= (${fromPath}) differ: name one conversation.`,
    };
  }
  const recordingId = params.recordingId?.toLowerCase();
  if (recordingId !== undefined && !UUID.test(recordingId))
    return {
      ok: false,
      message: `The recording id in op= ("${recordingId.slice(0, 40)}") is not a Genesys id (a UUID).`,
    };
  const interactionId = request.interaction ?? fromPath;
  return { ok: true, ...(interactionId ? { interactionId } : {}), ...(recordingId ? { recordingId } : {}) };
}

function resolveIdentity(
  request: CheckRequest,
  org: OrgConfig,
): { ok: true; identity: IdentityRef } | { ok: false; message: string } {
  const named = request.client || request.user;
  const clientId = named ? request.client : org.target?.client;
  const userId = named ? request.user : org.target?.user;
  if (userId) return { ok: true, identity: { kind: 'user', userId, clientId } };
  if (clientId) return { ok: true, identity: { kind: 'oauth-client', clientId } };
  return {
    ok: false,
    message: `Whom should I check in ${org.name}? Name client=<oauthClientId> or user=<userId>, or configure a default target for the org.`,
  };
}

function identityOf(facts: Facts): Verdict['identity'] {
  if (facts.identity.kind === 'user') {
    const name = facts.subject?.ok ? facts.subject.value.name : undefined;
    return { kind: 'user', id: facts.identity.userId!, ...(name ? { name } : {}) };
  }
  // An external app is not the org's client; its name comes with this org's authorization of it.
  const name = facts.client?.ok
    ? facts.client.value.name
    : facts.authorization?.ok
      ? facts.authorization.value.client?.name
      : undefined;
  return { kind: 'oauth-client', id: facts.identity.clientId!, ...(name ? { name } : {}) };
}

export function orgList(config: AppConfig): string {
  const names = [...config.orgs.keys()];
  return names.length ? `Configured orgs: ${names.join(', ')}.` : 'No orgs are configured.';
}
