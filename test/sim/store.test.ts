import { describe, expect, it } from 'vitest';
import { ENROUTE, MessageStore } from '../../src/sim/store.js';

const outcome = { stat: 'DELIVRD', err: '000', at: 0 };

describe('MessageStore', () => {
  it('keeps the newest `max` messages, evicting the oldest first, through many turns of its ring', () => {
    const store = new MessageStore(3);
    for (let i = 1; i <= 10; i++) store.add(`id${i}`, 'src', outcome);
    expect(store.size).toBe(3);
    for (let i = 1; i <= 7; i++) expect(store.get(`id${i}`, 0)).toBeUndefined();
    for (let i = 8; i <= 10; i++) expect(store.get(`id${i}`, -1)?.state).toBe(ENROUTE);
    store.add('id11', 'src', outcome);
    expect(store.get('id8', 0)).toBeUndefined();
    expect(store.find('id11', 'src', -1)?.source).toBe('src');
    expect(store.size).toBe(3);
  });
});
