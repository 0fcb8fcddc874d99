/**
 * Whether the person asked their system for less motion (WCAG 2.3.3): charts then draw at once, without
 * animation, and Ant Design's transitions are off. The browser tests ask for it too, so a screenshot shows the
 * finished chart, not a frame of its animation.
 */
export function prefersReducedMotion(): boolean {
  return typeof window !== 'undefined' && window.matchMedia?.('(prefers-reduced-motion: reduce)').matches === true;
}
