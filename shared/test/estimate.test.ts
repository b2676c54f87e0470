import t from 'tap';
import { WaitEstimator, type QueueState } from '../src/index';
import { makeState } from './fixtures/queue';

const MIN = 60_000;

t.test('the model pace: first-order counters count fully, lower orders partly, paused for half, closed not', async (t) => {
  const state = makeState();
  const est = new WaitEstimator();
  const service = Object.values(state.services)[0]!;
  const serving = Object.values(state.counters).filter((c) => c.services.some((s) => s.serviceId === service.id));
  t.ok(serving.length > 0, 'the fixture has counters for the service');
  const open = est.modelPace(state, service.id);
  t.ok(open > 0);
  for (const c of serving) c.state = 'closed';
  t.equal(est.modelPace(state, service.id), 0, 'no counter open: no pace');
  t.equal(est.minutesFor(state, service.id, 3, 0), 3 * service.avgServiceMinutes, 'then the configured minutes per citizen, not infinity');
});

t.test('the observed pace takes over once calls are seen, and ages out', async (t) => {
  const state: QueueState = makeState();
  const est = new WaitEstimator();
  const id = Object.values(state.services)[0]!.id;
  const start = Date.UTC(2026, 10, 26, 8, 0);
  t.equal(est.observedPace(id, start), null, 'nothing seen yet');
  // One call every two minutes for half an hour: 0.5 tickets a minute.
  for (let i = 0; i < 15; i++) est.called(id, start + i * 2 * MIN);
  const now = start + 30 * MIN;
  t.equal(est.observedPace(id, now), 0.5);
  t.equal(est.minutesFor(state, id, 20, now), Math.ceil(20 / (0.75 * 0.5 + 0.25 * est.modelPace(state, id))), 'a long queue: mostly the observed pace');
  t.equal(est.minutesFor(state, id, 0, now), 0, 'nobody ahead: no wait');
  t.equal(est.observedPace(id, now + 2 * 3600_000), null, 'two hours later those calls no longer count');
  est.called(id, now);
  est.reset();
  t.equal(est.observedPace(id, now), null, 'a new day starts afresh');
});

t.test('a priority ticket has only the priority tickets ahead', async (t) => {
  const state = makeState();
  const est = new WaitEstimator();
  const id = Object.values(state.services)[0]!.id;
  state.waitingCount[id] = 6;
  t.equal(est.forNew(state, id, 0).ahead, 6);
  t.equal(est.forNew(state, id, 0, true).ahead, 0, 'no priority ticket waits');
});
