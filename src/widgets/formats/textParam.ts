import { useEffect, useState } from 'react';
import { param, type Param } from '../urlState';

/**
 * What the reader typed into a box, kept verbatim in the URL (even when it is not a valid
 * number, so a shared link shows the same message). null means "nothing typed": the box then
 * shows a value derived from the widget's state.
 */
const text = param.string('');
export const typedTextParam: Param<string | null> = {
  default: null,
  read: (s, label) => text.read(s, label),
  format: (v) => v ?? '',
};

/**
 * The text of an input box that follows `shown` (derived from URL state) but answers keystrokes
 * at once: URL updates may land a moment later, and a controlled input must never lag the keys.
 */
export function useBoxText(shown: string): [string, (text: string) => void] {
  const [text, setText] = useState(shown);
  useEffect(() => setText(shown), [shown]);
  return [text, setText];
}
