import { describe, expect, it } from 'vitest';
import { FieldValidity } from './validity';

describe('FieldValidity', () => {
  it('lists the error messages of the fields that show one, and tells its listeners only on a change', () => {
    const scope = new FieldValidity();
    let told = 0;
    scope.subscribe(() => { told += 1; });
    expect(scope.getSnapshot()).toEqual([]);
    scope.set('a', 'a-error');
    scope.set('b', 'b-error');
    scope.set('b', 'b-error');
    expect(scope.getSnapshot()).toEqual(['a-error', 'b-error']);
    expect(told).toBe(2);
    scope.set('a', null);
    expect(scope.getSnapshot()).toEqual(['b-error']);
    scope.set('c', null);
    expect(told).toBe(3);
  });
});
