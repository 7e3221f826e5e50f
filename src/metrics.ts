/**
 * Prometheus metrics (prom-client). Each `Metrics` owns its Registry instead of prom-client's global one,
 * so tests and several app instances in one process never collide over metric names.
 *
 * Every label value is bounded: verdicts, states and results come from fixed lists (anything else is
 * counted as `other`), and the endpoint label is a path template that is checked to hold no concrete ids.
 * An unbounded label (a conversation id in a path, say) would make a new time series per request.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { METRIC_PREFIX, OrgMetrics } from './org-metrics';

export { METRIC_PREFIX };

export const VERDICTS = ['pass', 'fail', 'warn', 'unknown', 'error'] as const;
export const RETRY_REASONS = ['rate-limited', 'server-error', 'transport', 'timeout', 'unauthorized'] as const;
export const APPROVAL_STATES = [
  'requested',
  'approved',
  'denied',
  'applied',
  'no-op',
  'refused',
  'failed',
  'expired',
  'revoked',
] as const;
/** The steps that end the wait for an approver: approved or denied by a person, or expired unanswered. */
export const APPROVAL_DECISIONS = ['approved', 'denied', 'expired'] as const;
export const PASTE_RESULTS = ['genesys-403', 'other-genesys-status', 'none', 'secret-flagged'] as const;
/** A probe's answer against the prediction; `disagree` means the model is wrong for that org. */
export const PROBE_RESULTS = ['agree', 'disagree', 'inconclusive'] as const;
/** How a propagation watch (re-checks after an applied fix) ended. */
export const PROPAGATION_OUTCOMES = ['passed', 'gave-up'] as const;
/** Status classes of a Genesys answer; `error` is a call that got no HTTP answer (timeout, reset, DNS). */
export const STATUS_CLASSES = ['1xx', '2xx', '3xx', '4xx', '5xx', 'error'] as const;

export const OTHER = 'other';
/** Distinct endpoint label values kept before further ones count as `other` (the catalog has ~3,300). */
export const MAX_ENDPOINTS = 500;

/** Check durations run from milliseconds (cached facts) to tens of seconds (retries within the budget). */
const CHECK_DURATION_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60];
/** Time to effect after a fix: the re-check schedule's points (watch/propagation-schedule.ts), 0 s to the 10 min limit. */
const PROPAGATION_BUCKETS = [0, 15, 30, 60, 120, 180, 300, 420, 600];

function bounded<T extends string>(value: string, allowed: readonly T[]): T | typeof OTHER {
  return (allowed as readonly string[]).includes(value) ? (value as T) : OTHER;
}

export function statusClass(status: number | 'error'): (typeof STATUS_CLASSES)[number] | typeof OTHER {
  if (status === 'error') return 'error';
  if (!Number.isInteger(status) || status < 100 || status > 599) return OTHER;
  return `${Math.floor(status / 100)}xx` as (typeof STATUS_CLASSES)[number];
}

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD']);
/** A literal path segment of a template: words such as `recordings` or `usage`, never an id. */
const LITERAL_SEGMENT = /^[A-Za-z][A-Za-z_-]*$/;
const PARAM_SEGMENT = /^\{[A-Za-z][A-Za-z0-9_]*\}$/;

/**
 * `METHOD /path/{param}` when `template` is a template (literal words and `{params}` only, at most 12
 * segments), otherwise `other`. A concrete path (`/api/v2/conversations/3f…`) never becomes a label.
 */
export function endpointLabel(method: string, template: string): string {
  const upper = method.toUpperCase();
  if (!METHODS.has(upper)) return OTHER;
  const path = template.split(/[?#]/)[0] ?? '';
  const segments = path.split('/').filter((s) => s.length > 0);
  if (!path.startsWith('/') || segments.length === 0 || segments.length > 12) return OTHER;
  // `v2` is the one literal with a digit in every Genesys path.
  if (!segments.every((s) => s === 'v2' || LITERAL_SEGMENT.test(s) || PARAM_SEGMENT.test(s))) return OTHER;
  return `${upper} /${segments.join('/')}`;
}

export interface MetricsOptions {
  /** Default process metrics (CPU, memory, event loop lag, handles). Default true. */
  defaultMetrics?: boolean;
  /** Labels on every series, e.g. `{ app: 'sr-check' }`. */
  defaultLabels?: Record<string, string>;
  /**
   * The configured org names: the only values the `org` label takes (anything else is `other`), so the number
   * of series stays bounded by the configuration. Without it, the first MAX_ORG_LABELS names seen.
   */
  orgs?: readonly string[];
}

/** Org label values kept when no org list is given; later ones are `other`. */
export const MAX_ORG_LABELS = 200;

/**
 * What the checks record (the Genesys clients, the Diagnoser, the probe): the part of Metrics a check thread can
 * forward to the process's one registry (src/check-thread/), so they take this and not the whole class.
 */
export type CheckMetrics = Pick<Metrics, 'recordCheck' | 'recordGenesysCall' | 'recordGenesysRetry' | 'recordProbe'>;

export class Metrics {
  readonly registry = new Registry();
  /** Many-org checks and schedules: org_checks_total, org_status_change_age_seconds, schedule_runs_total, schedule_skips_total. */
  readonly orgs = new OrgMetrics(this.registry);
  private readonly checks: Counter<'verdict' | 'org'>;
  private readonly checkDuration: Histogram<'verdict'>;
  private readonly genesysRequests: Counter<'endpoint' | 'status_class' | 'org'>;
  private readonly genesysRetries: Counter<'reason'>;
  private readonly genesysRateLimited: Counter;
  private readonly approvals: Counter<'state'>;
  private readonly pasteDetections: Counter<'result'>;
  private readonly probeResults: Counter<'result'>;
  private readonly propagation: Histogram<'outcome'>;
  private readonly approvalWait: Histogram<'outcome'>;
  private readonly endpoints = new Set<string>();
  private readonly orgLabels = new Set<string>();
  private readonly configuredOrgs: ReadonlySet<string> | undefined;

  constructor(options: MetricsOptions = {}) {
    if (options.defaultLabels) this.registry.setDefaultLabels(options.defaultLabels);
    this.configuredOrgs = options.orgs ? new Set(options.orgs) : undefined;
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry, prefix: METRIC_PREFIX });
    const registers = [this.registry];
    this.checks = new Counter({
      name: `${METRIC_PREFIX}checks_total`,
      help: 'Diagnoses run, by overall verdict',
      labelNames: ['verdict', 'org'],
      registers,
    });
    this.checkDuration = new Histogram({
      name: `${METRIC_PREFIX}check_duration_seconds`,
      help: 'Time to produce a verdict, by overall verdict',
      labelNames: ['verdict'],
      buckets: CHECK_DURATION_BUCKETS,
      registers,
    });
    this.genesysRequests = new Counter({
      name: `${METRIC_PREFIX}genesys_requests_total`,
      help: 'HTTP requests sent to Genesys Cloud, by endpoint template and status class',
      labelNames: ['endpoint', 'status_class', 'org'],
      registers,
    });
    this.genesysRetries = new Counter({
      name: `${METRIC_PREFIX}genesys_retries_total`,
      help: 'Genesys requests retried, by reason',
      labelNames: ['reason'],
      registers,
    });
    this.genesysRateLimited = new Counter({
      name: `${METRIC_PREFIX}genesys_rate_limited_total`,
      help: 'Genesys answers with status 429',
      registers,
    });
    this.approvals = new Counter({
      name: `${METRIC_PREFIX}approvals_total`,
      help: 'Fix requests entering each state',
      labelNames: ['state'],
      registers,
    });
    this.pasteDetections = new Counter({
      name: `${METRIC_PREFIX}paste_detections_total`,
      help: 'Messages examined for pasted Genesys errors, by result',
      labelNames: ['result'],
      registers,
    });
    this.probeResults = new Counter({
      name: `${METRIC_PREFIX}probe_results_total`,
      help: "Reads the read-only probe sent as the integration, by how Genesys's answer compares with sr-check's prediction",
      labelNames: ['result'],
      registers,
    });
    this.propagation = new Histogram({
      name: `${METRIC_PREFIX}propagation_seconds`,
      help: 'Seconds from applying a fix to the first passing re-check (outcome=passed), or to giving up (outcome=gave-up)',
      labelNames: ['outcome'],
      buckets: PROPAGATION_BUCKETS,
      registers,
    });
    this.approvalWait = new Histogram({
      name: `${METRIC_PREFIX}approval_wait_seconds`,
      help: 'Seconds from an approval request to its decision (outcome approved, denied, or expired unanswered)',
      labelNames: ['outcome'],
      buckets: [30, 60, 300, 900, 1800, 3600, 4 * 3600, 12 * 3600, 24 * 3600],
      registers,
    });
  }

  /** One verdict (its `overall`, or `error` when the check threw) in `org` that took `seconds`. */
  recordCheck(verdict: string, seconds: number, org?: string): void {
    const label = bounded(verdict, VERDICTS);
    this.checks.inc({ verdict: label, ...this.orgLabel(org) });
    if (Number.isFinite(seconds) && seconds >= 0) this.checkDuration.observe({ verdict: label }, seconds);
  }

  /**
   * One HTTP attempt to Genesys (each retry is an attempt): `template` as in the catalog
   * (`/api/v2/conversations/{conversationId}/recordings`), `status` the HTTP status or `error`.
   * A 429 also counts in genesys_rate_limited_total.
   */
  recordGenesysCall(method: string, template: string, status: number | 'error', org?: string): void {
    this.genesysRequests.inc({
      endpoint: this.boundedEndpoint(endpointLabel(method, template)),
      status_class: statusClass(status),
      ...this.orgLabel(org),
    });
    if (status === 429) this.genesysRateLimited.inc();
  }

  recordGenesysRetry(reason: string): void {
    this.genesysRetries.inc({ reason: bounded(reason, RETRY_REASONS) });
  }

  /** An approval request's step; `secondsSinceRequest` feeds the wait histogram when the step is a decision. */
  recordApproval(state: string, secondsSinceRequest?: number): void {
    this.approvals.inc({ state: bounded(state, APPROVAL_STATES) });
    if (
      (APPROVAL_DECISIONS as readonly string[]).includes(state) &&
      secondsSinceRequest !== undefined &&
      Number.isFinite(secondsSinceRequest) &&
      secondsSinceRequest >= 0
    )
      this.approvalWait.observe({ outcome: state }, secondsSinceRequest);
  }

  recordPasteDetection(result: string): void {
    this.pasteDetections.inc({ result: bounded(result, PASTE_RESULTS) });
  }

  recordProbe(result: string): void {
    this.probeResults.inc({ result: bounded(result, PROBE_RESULTS) });
  }

  /** A propagation watch finished: `passed` after `seconds` (the time to effect), or `gave-up` after `seconds`. */
  recordPropagation(outcome: string, seconds: number): void {
    if (Number.isFinite(seconds) && seconds >= 0)
      this.propagation.observe({ outcome: bounded(outcome, PROPAGATION_OUTCOMES) }, seconds);
  }

  /** The exposition text, as a scrape gets it. */
  scrape(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** `{ org }`: a configured org's name, else `other`; no label when the caller knows no org. */
  private orgLabel(org: string | undefined): { org?: string } {
    if (org === undefined) return {};
    if (this.configuredOrgs) return { org: this.configuredOrgs.has(org) ? org : OTHER };
    if (this.orgLabels.has(org)) return { org };
    if (this.orgLabels.size >= MAX_ORG_LABELS) return { org: OTHER };
    this.orgLabels.add(org);
    return { org };
  }

  /** Even valid templates are capped in number, so a caller passing odd strings cannot grow the series. */
  private boundedEndpoint(label: string): string {
    if (label === OTHER || this.endpoints.has(label)) return label;
    if (this.endpoints.size >= MAX_ENDPOINTS) return OTHER;
    this.endpoints.add(label);
    return label;
  }
}

/**
 * `GET /metrics` handler, shaped like a Bolt `customRoutes` handler (and plain `http` handlers):
 * `{ path: '/metrics', method: ['GET'], handler: metricsHandler(metrics) }`.
 */
export function metricsHandler(metrics: Metrics): (req: IncomingMessage, res: ServerResponse) => void {
  return (_req, res) => {
    metrics.scrape().then(
      (text) => {
        res.writeHead(200, { 'content-type': metrics.contentType, 'cache-control': 'no-store' });
        res.end(text);
      },
      () => {
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('metrics collection failed\n');
      },
    );
  };
}

/** The route object for Bolt's `customRoutes` (structurally a `CustomRoute`). */
export function metricsRoute(metrics: Metrics): {
  path: string;
  method: string[];
  handler: (req: IncomingMessage, res: ServerResponse) => void;
} {
  return { path: '/metrics', method: ['GET'], handler: metricsHandler(metrics) };
}
