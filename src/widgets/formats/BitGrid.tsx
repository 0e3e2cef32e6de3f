import { useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { bitAt, fieldLabel, withBit } from './display';

/** One field of a pattern, as the engine's describe() lists it: lowest bit index and width. */
export interface BitField {
  name: string;
  offset: number;
  width: number;
}

interface Props {
  bits: bigint;
  width: number;
  fields: readonly BitField[];
  /** Called with the whole new pattern after each change (several times during a drag). */
  onChange: (bits: bigint) => void;
  /** What the group of bits is, for screen readers ("bits of the fp16 pattern"). */
  label: string;
  /** Bits to outline (e.g. the ones flipped from an original pattern). */
  marked?: bigint;
}

/**
 * Every bit of a pattern as a toggle button, most significant first, grouped and coloured by
 * field. Click toggles one bit; pressing on a bit and sweeping across others sets them all to the
 * first bit's new value; Space/Enter toggle the focused bit and arrow keys move between bits.
 */
export function BitGrid({ bits, width, fields, onChange, label, marked = 0n }: Props) {
  const [focusIndex, setFocusIndex] = useState(width - 1);
  const buttons = useRef(new Map<number, HTMLButtonElement>());
  // The drag in progress: the value being painted and the pattern so far (URL state lags).
  const drag = useRef<{ value: 0 | 1; bits: bigint; last: number } | null>(null);
  const focused = Math.min(focusIndex, width - 1);

  const indexAt = (x: number, y: number): number | undefined => {
    const el = document.elementFromPoint(x, y)?.closest<HTMLElement>('[data-bit]');
    return el ? Number(el.dataset.bit) : undefined;
  };

  const onPointerDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    const index = indexAt(e.clientX, e.clientY);
    if (index === undefined) return;
    e.preventDefault(); // no text selection while sweeping
    // Touch pointers are captured by the first element; release so the sweep can be followed.
    (e.target as Element).releasePointerCapture?.(e.pointerId);
    const value = bitAt(bits, index) ? 0 : 1;
    const next = withBit(bits, index, value);
    drag.current = { value, bits: next, last: index };
    setFocusIndex(index);
    buttons.current.get(index)?.focus();
    onChange(next);
  };

  const onPointerMove = (e: PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (!d) return;
    const index = indexAt(e.clientX, e.clientY);
    if (index === undefined || index === d.last) return;
    d.last = index;
    if (bitAt(d.bits, index) === d.value) return;
    d.bits = withBit(d.bits, index, d.value);
    onChange(d.bits);
  };

  const endDrag = () => { drag.current = null; };

  const moveFocus = (index: number) => {
    const clamped = Math.max(0, Math.min(width - 1, index));
    setFocusIndex(clamped);
    buttons.current.get(clamped)?.focus();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const moves: Record<string, number> = {
      ArrowLeft: index + 1, ArrowUp: index + 1, ArrowRight: index - 1, ArrowDown: index - 1, Home: width - 1, End: 0,
    };
    if (e.key in moves) {
      e.preventDefault();
      moveFocus(moves[e.key]);
    }
  };

  return (
    <div
      className="bit-grid"
      role="group"
      aria-label={label}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={endDrag}
      onPointerCancel={endDrag}
      onLostPointerCapture={endDrag}
    >
      {fields.map((field) => (
        <div key={field.name} className={`bit-field field-${field.name}`}>
          <span className="bit-field-name" aria-hidden="true">{fieldLabel(field)} · {field.width}</span>
          <div className="bit-cells">
            {Array.from({ length: field.width }, (_, k) => {
              const index = field.offset + field.width - 1 - k;
              const value = bitAt(bits, index);
              const isMarked = bitAt(marked, index) === 1;
              return (
                <button
                  key={index}
                  ref={(el) => { if (el) buttons.current.set(index, el); else buttons.current.delete(index); }}
                  type="button"
                  role="checkbox"
                  aria-checked={value === 1}
                  aria-label={`bit ${index}, ${fieldLabel(field)}, ${value}${isMarked ? ', flipped' : ''}`}
                  title={`bit ${index} (${fieldLabel(field)})`}
                  className={`bit${value ? ' on' : ''}${isMarked ? ' marked' : ''}`}
                  data-bit={index}
                  tabIndex={index === focused ? 0 : -1}
                  onFocus={() => setFocusIndex(index)}
                  onKeyDown={(e) => onKeyDown(e, index)}
                  // Pointer presses are handled on the grid; this is Space/Enter and assistive tech.
                  onClick={(e) => { if (e.detail === 0) onChange(withBit(bits, index, value ? 0 : 1)); }}
                >
                  {value}
                </button>
              );
            })}
          </div>
        </div>
      ))}
    </div>
  );
}
