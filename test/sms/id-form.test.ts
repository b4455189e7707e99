// The probe's id analysis: what a message id looks like, and how a receipt's id relates to the
// submit's. Table-tested against the pure functions; the matching verdict is message-id.ts's.
import { describe, expect, it } from 'vitest';
import { idForm, idMatch, idRelation, paddingDiffers } from '../../src/sms/id-form.js';

describe('idForm', () => {
  it.each([
    ['1234567', 'decimal'],
    ['0001234567', 'decimal'],
    ['12d687', 'hex'],
    ['0x12D687', 'hex'],
    ['ABCDEF', 'hex'],
    ['f47ac10b-58cc-4372-a567-0e02b2c3d479', 'uuid'],
    ['F47AC10B-58CC-4372-A567-0E02B2C3D479', 'uuid'],
    ['msg-42', 'other'],
    ['1234567\0', 'decimal'],
    [' 42 ', 'decimal'],
  ])('%j is %s', (id, form) => expect(idForm(id)).toBe(form));
});

describe('idRelation and whether smpp-send matches', () => {
  it.each([
    // submit id, receipt id, relation, matches
    ['1234567', '1234567', 'same', true],
    ['abc123', 'ABC123', 'case', true],
    ['1234567', '0001234567', 'zero-padded', true],
    ['0001234567', '1234567', 'zero-padded', true],
    ['12d687', '1234567', 'hex-to-decimal', true],
    ['12D687', '0001234567', 'hex-to-decimal', true],
    ['1234567', '12d687', 'decimal-to-hex', true],
    ['f47ac10b-58cc-4372-a567-0e02b2c3d479', 'F47AC10B-58CC-4372-A567-0E02B2C3D479', 'case', true],
    ['f47ac10b-58cc-4372-a567-0e02b2c3d479', '1234567', 'unrelated', false],
    ['1234567', '7654321', 'unrelated', false],
    ['msg-42', '42', 'unrelated', false],
  ])('%j then %j: %s, matches %s', (submit, receipt, relation, matches) => {
    expect(idRelation(submit, receipt)).toBe(relation);
    expect(idMatch(submit, receipt)).toEqual({ relation, matches });
  });

  it('says when the padding differs besides a change of base', () => {
    expect(paddingDiffers('12d687', '0001234567')).toBe(true);
    expect(paddingDiffers('12d687', '1234567')).toBe(false);
  });
});
