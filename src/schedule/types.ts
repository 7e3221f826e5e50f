/**
 * Schedule tick claims as the store keeps them. A tick is one scheduled time of one org. Claiming inserts the
 * row (or takes over one whose lease lapsed before it finished), so across replicas sharing the store exactly
 * one holds a tick at a time and a finished tick is never run again. Types only: the store imports them.
 */

export const TICK_STATES = ['running', 'done'] as const;
export type TickState = (typeof TICK_STATES)[number];

/** How a tick's run ended: a verdict's overall status, or `error` when no verdict was made. */
export type TickResult = 'pass' | 'warn' | 'fail' | 'unknown' | 'error';

export interface ScheduleTick {
  org: string;
  /** The scheduled time (ms since the epoch): the key with `org`. */
  tickAt: number;
  state: TickState;
  /** The replica running it (while `running`), or the one that finished it. */
  owner: string;
  /** While running: another replica may take the tick over after this time (the holder died mid-run). */
  leaseUntil: number;
  /** How many times the tick was claimed (more than 1: a replica died holding it). */
  attempts: number;
  claimedAt: number;
  finishedAt?: number;
  result?: TickResult;
}

/** What the scheduler needs of the shared store (both Store implementations provide it). */
export interface ScheduleTickStore {
  /**
   * Claims (org, tickAt) for `owner` until `leaseUntil`: inserts it as running, or takes over a running claim
   * whose lease ended before `now`. True for exactly one caller at a time; false for a done tick.
   */
  claimScheduleTick(org: string, tickAt: number, owner: string, leaseUntil: number, now: number): Promise<boolean>;
  /** Marks a tick `owner` holds as done; true when it held it (false: its lease lapsed and another took it). */
  finishScheduleTick(org: string, tickAt: number, owner: string, result: TickResult, now: number): Promise<boolean>;
  /** The org's newest claimed tick, if any. */
  lastScheduleTick(org: string): Promise<ScheduleTick | undefined>;
  /** Deletes ticks older than `before`; returns how many. */
  pruneScheduleTicks(before: number): Promise<number>;
}

/** One status change to post in one channel (the status-change outbox): due until posted or given up. */
export interface StatusNotice {
  /** Also the post's id in its message metadata: a retry looks for it before posting again. */
  id: string;
  org: string;
  channel: string;
  /** The message to post, as the poster rendered it (JSON; opaque to the store). */
  payload: string;
  createdAt: number;
  /** Tries so far that did not end it. */
  attempts: number;
}

/** The status-change outbox (both Store implementations provide it). */
export interface StatusNoticeStore {
  /** Records notices as due (before anything is posted). */
  addStatusNotices(notices: Array<Omit<StatusNotice, 'attempts'>>): Promise<void>;
  /**
   * Takes up to `limit` due notices nobody holds (or whose holder's lease ended before `now`) for `owner` until
   * `now + leaseMs`, oldest first. `owner` names this one claim.
   */
  claimStatusNotices(owner: string, now: number, leaseMs: number, limit: number): Promise<StatusNotice[]>;
  /**
   * Ends `owner`'s hold: `done` (posted, or given up for good) takes the notice out of the outbox; otherwise it is
   * due again, one attempt more. True while `owner` held it.
   */
  finishStatusNotice(id: string, owner: string, done: boolean, now: number): Promise<boolean>;
}
