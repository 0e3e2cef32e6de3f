declare module '*.mdx' {
  import type { ComponentType } from 'react';
  const Component: ComponentType<{ components?: Record<string, ComponentType<unknown>> }>;
  export default Component;
  export const reading: import('./widgets/lesson/FurtherReading').Reference[] | undefined;
}
