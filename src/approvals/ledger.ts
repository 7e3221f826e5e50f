/**
 * The approvals' ledger: every stored transition is audited (the audit log, a log line, the approval counter) and
 * announced (onTransition: the Slack layer shows where a request stands, `applying…` while Genesys is called).
 * Intake, decisions, recovery, revocations and watches all write through it, so no transition goes untold.
 */
import type { Logger } from 'pino';
import type { AppConfig } from '../config/types';
import type { FixApiSource } from '../fixes/apis';
import type { Metrics } from '../metrics';
import type { ApprovalRequestStore, ApprovalServiceStore, AuditLog } from './ports';
import type { ApprovalRequest, NewAuditEntry } from './types';

/** Told of every stored transition (see ApprovalLedger.onTransition). */
export type TransitionListener = (request: ApprovalRequest) => Promise<void> | void;

export class ApprovalLedger {
  private readonly transitionListeners: TransitionListener[] = [];

  constructor(
    private readonly store: AuditLog & Pick<ApprovalRequestStore, 'getApproval'>,
    private readonly logger: Logger,
    private readonly metrics?: Metrics,
    /** For the request's age at each transition (the approval metrics observe it). */
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Calls `listener` after every stored transition with the request as it is now, before the work that follows it
   * (so `applying` can be shown while Genesys is called). Awaited; a listener that throws is logged and changes nothing.
   */
  onTransition(listener: TransitionListener): void {
    this.transitionListeners.push(listener);
  }

  async audit(
    request: ApprovalRequest,
    action: string,
    actor: string,
    extra: Pick<NewAuditEntry, 'before' | 'after' | 'result'>,
  ): Promise<void> {
    this.metrics?.recordApproval(action, (this.now() - request.createdAt) / 1000);
    this.logger.info(
      {
        org: request.org,
        approvalId: request.id,
        action,
        actor,
        fix: request.plan.kind,
        ...(extra.result !== undefined ? { result: extra.result } : {}),
      },
      'approval transition',
    );
    await this.store.appendAudit({
      org: request.org,
      actor,
      action,
      requestId: request.id,
      target: request.plan.target,
      summary: request.plan.summary,
      plan: request.plan,
      ...(extra.before !== undefined ? { before: extra.before } : {}),
      ...(extra.after !== undefined ? { after: extra.after } : {}),
      ...(extra.result !== undefined ? { result: extra.result } : {}),
    });
  }

  /** Tells onTransition where the request stands now. */
  async announce(requestId: string): Promise<void> {
    if (this.transitionListeners.length === 0) return;
    try {
      const current = await this.store.getApproval(requestId);
      if (current) for (const listener of this.transitionListeners) await listener(current);
    } catch (error) {
      this.logger.warn({ approvalId: requestId, err: error }, 'onTransition failed');
    }
  }
}

/** What every collaborator of the approval service shares (built once by ApprovalService). */
export interface ApprovalContext {
  store: ApprovalServiceStore;
  config: AppConfig;
  apis: FixApiSource;
  logger: Logger;
  metrics?: Metrics | undefined;
  now: () => number;
  newId: () => string;
  ledger: ApprovalLedger;
}

export const HOUR_MS = 3_600_000;
