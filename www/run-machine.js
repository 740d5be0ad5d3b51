// run-machine.js — the run's lifecycle as ONE state machine. PURE (tested in Node).
//
//   idle ──start──▶ running ──finish──▶ done
//                     │  └────fail────▶ failed
//                     └─────cancel────▶ cancelled
//   done | failed | cancelled ──start──▶ running;  any state but running ──reset──▶ idle
//
// `reset` is new data (the results belonged to the old data). Every transition is in
// TRANSITIONS below; anything else is refused (returns false) and changes nothing.

export const RUN = Object.freeze({
  IDLE: 'idle',
  RUNNING: 'running',
  DONE: 'done',
  CANCELLED: 'cancelled',
  FAILED: 'failed',
});

/** state → event → next state. */
export const TRANSITIONS = Object.freeze({
  idle: { start: RUN.RUNNING, reset: RUN.IDLE },
  running: { finish: RUN.DONE, fail: RUN.FAILED, cancel: RUN.CANCELLED },
  done: { start: RUN.RUNNING, reset: RUN.IDLE },
  failed: { start: RUN.RUNNING, reset: RUN.IDLE },
  cancelled: { start: RUN.RUNNING, reset: RUN.IDLE },
});

/**
 * The run's state and, while running, its context (`run`: { t0, done, total, … },
 * given with `start`). `onChange(state, previous, run)` is called after every
 * transition.
 */
export class RunMachine {
  constructor(onChange = () => {}) {
    this.state = RUN.IDLE;
    /** The running (or last) run's context. */
    this.run = null;
    this.onChange = onChange;
  }

  /** True in state `s`. */
  is(s) {
    return this.state === s;
  }

  /** True while a search runs. */
  get running() {
    return this.state === RUN.RUNNING;
  }

  /** Whether `event` is allowed now. */
  can(event) {
    return Boolean(TRANSITIONS[this.state]?.[event]);
  }

  /**
   * Applies `event` (with `run`, the context of a new run, for 'start'); returns true,
   * or false when the event is not allowed in this state (nothing changes).
   */
  send(event, run = undefined) {
    const next = TRANSITIONS[this.state]?.[event];
    if (!next) return false;
    const previous = this.state;
    this.state = next;
    if (event === 'start') this.run = run ?? {};
    this.onChange(next, previous, this.run);
    return true;
  }
}
