import { describe, expect, it } from 'vitest';
import { tfjsMessage } from './tfjsMessage';

describe('tfjsMessage', () => {
  it('drops a last sentence that announces a list tfjs does not give', () => {
    expect(tfjsMessage(new Error('Unknown layer: Foo. This may be due to one of the following reasons:\n1. The layer is defined in Python'))).toBe('Unknown layer: Foo.');
  });
  it('keeps a complete first line, and drops a bare trailing colon', () => {
    expect(tfjsMessage(new Error('Input 0 is incompatible with layer d: expected axis -1 to have 784.\nmore'))).toBe('Input 0 is incompatible with layer d: expected axis -1 to have 784.');
    expect(tfjsMessage('Improper config format:')).toBe('Improper config format');
  });
});
