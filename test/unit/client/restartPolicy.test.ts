import * as assert from 'node:assert/strict';
import { createRestartPolicy } from '../../../client/src/restartPolicy';

describe('restart policy', () => {
  it('restarts after a crash and says so once', () => {
    let t = 0;
    const policy = createRestartPolicy({ now: () => (t += 60_000) });
    const decisions = [policy.onCrash(), policy.onCrash(), policy.onCrash()];
    assert.deepEqual(decisions.map((d) => d.restart), [true, true, true]);
    assert.deepEqual(decisions.map((d) => d.notify !== undefined), [true, false, false]);
  });

  it('gives up, with one message, when crashes come too fast', () => {
    const policy = createRestartPolicy({ maxCrashes: 3, windowMs: 1000, now: () => 5 });
    const decisions = [1, 2, 3, 4].map(() => policy.onCrash());
    assert.deepEqual(decisions.map((d) => d.restart), [true, true, true, false]);
    assert.match(decisions[3].notify ?? '', /will not be restarted/);
  });

  it('forgets crashes outside the window and after a manual restart', () => {
    let t = 0;
    const policy = createRestartPolicy({ maxCrashes: 1, windowMs: 1000, now: () => t });
    assert.equal(policy.onCrash().restart, true);
    t = 2000;
    assert.equal(policy.onCrash().restart, true);
    assert.equal(policy.onCrash().restart, false);
    policy.reset();
    assert.equal(policy.onCrash().restart, true);
  });
});
