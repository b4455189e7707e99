import { expect, it } from 'vitest';
import { editDistance, suggest } from '../../src/config/suggest.js';

it.each([
  ['port', 'port', 0],
  ['prot', 'port', 1],
  ['Port', 'port', 0],
  ['tp', 'tps', 1],
  ['kitten', 'sitting', 3],
  ['', 'abc', 3],
])('editDistance(%j, %j) = %i', (a, b, d) => expect(editDistance(a, b)).toBe(d));

const flags = ['--to', '--tps', '--text', '--port', '--max-parts', '--system-id'];
it.each([
  ['--tp', flags, '--tps'], // a tie with --to: the flag it starts goes first
  ['--prot', flags, '--port'],
  ['--sytem-id', flags, '--system-id'],
  ['--max', flags, '--max-parts'], // far, but the only flag it starts
  ['--frobnicate', flags, undefined],
  ['prdo', ['prod', 'staging'], 'prod'],
  ['xy', ['prod', 'staging'], undefined],
])('suggest(%j) = %j', (input, candidates, expected) => expect(suggest(input, candidates)).toBe(expected));
