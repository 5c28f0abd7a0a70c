import { describe, expect, it } from 'vitest';
import { createSlackServices } from '../src/channels/slack/index.ts';
import { slackWorld } from './helpers/slackWorld.ts';

describe('/pprd status: escalated means an escalation reached a coordinator', () => {
  const NOW = '2020-06-23T10:00:00+08:00';

  it('does not call pre-deployment rounds escalated when the delivery store says none was sent', async () => {
    const world = slackWorld(NOW);
    const byPlan = await world.services.status('all');
    const byStore = await createSlackServices({ ...world.deps, escalated: () => [] }).status('all');
    const old = (v: typeof byPlan) => v.overdue.filter((o) => o.period === '2019H2');
    // The plan alone would count the 2019H2 escalation instant as passed for all 63 agencies …
    expect(old(byPlan).filter((o) => o.escalated)).toHaveLength(63);
    // … but none reached a coordinator (the service started in 2020): none is shown as escalated.
    expect(old(byStore)).toHaveLength(63);
    expect(old(byStore).filter((o) => o.escalated)).toHaveLength(0);

    const one = await createSlackServices({
      ...world.deps,
      escalated: () => ['half-yearly/2019H2/省交通运输厅'],
    }).status('all');
    expect(
      old(one)
        .filter((o) => o.escalated)
        .map((o) => o.agency),
    ).toEqual(['省交通运输厅']);
  });
});
