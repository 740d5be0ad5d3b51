// The run's one state machine (www/run-machine.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RUN, RunMachine, TRANSITIONS } from '../../www/run-machine.js';

test('a run goes idle → running → done, and again; each transition is reported once', () => {
  const seen = [];
  const m = new RunMachine((next, previous) => seen.push(`${previous}→${next}`));
  assert.equal(m.state, RUN.IDLE);
  assert.equal(m.running, false);
  const run = { t0: 1 };
  assert.equal(m.send('start', run), true);
  assert.equal(m.running, true);
  assert.equal(m.run, run);
  assert.equal(m.send('finish'), true);
  assert.equal(m.is(RUN.DONE), true);
  assert.equal(m.send('start', { t0: 2 }), true);
  assert.equal(m.send('fail'), true);
  assert.equal(m.send('start', { t0: 3 }), true);
  assert.equal(m.send('cancel'), true);
  assert.equal(m.send('reset'), true);
  assert.deepEqual(seen, ['idle→running', 'running→done', 'done→running', 'running→failed', 'failed→running', 'running→cancelled', 'cancelled→idle']);
});

test('events that make no sense are refused and change nothing', () => {
  const m = new RunMachine();
  for (const e of ['finish', 'fail', 'cancel', 'nonsense']) assert.equal(m.send(e), false, e);
  assert.equal(m.state, RUN.IDLE);
  m.send('start', {});
  assert.equal(m.send('start', {}), false, 'no second run while one runs');
  assert.equal(m.send('reset'), false, 'no new data while running');
  assert.equal(m.can('cancel'), true);
  m.send('finish');
  assert.equal(m.send('finish'), false);
  assert.equal(m.send('cancel'), false);
});

test('the table covers every state, and only running can end', () => {
  assert.deepEqual(Object.keys(TRANSITIONS).sort(), Object.values(RUN).sort());
  for (const [state, events] of Object.entries(TRANSITIONS)) {
    for (const end of ['finish', 'fail', 'cancel']) assert.equal(end in events, state === RUN.RUNNING, `${state} ${end}`);
  }
});
